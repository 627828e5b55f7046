# Image of destination-unified-ats.
#
# The default base is Airbyte's Python connector base (Python 3.11), pinned by digest; keep it equal
# to metadata.yaml's connectorBuildOptions.baseImage (unit_tests/test_metadata.py checks that).
# Any Debian-like base works too, with or without Python (e.g. a local `debootstrap` bookworm image:
# `--build-arg BASE_IMAGE=localhost/bookworm-base`); the first stage then installs Debian's python3.
ARG BASE_IMAGE=docker.io/airbyte/python-connector-base:4.0.2@sha256:9fdb1888c4264cf6fee473649ecb593f56f58e5d0096a87ee0b231777e2e3e73

# --- python-base: the base plus a Python that can make venvs, and Airbyte's non-root user ---------
# Airbyte's base has Python 3.11 and the `airbyte` user: nothing to do. A bare Debian gets python3,
# python3-venv and ca-certificates from apt. When building behind a TLS proxy with the host's CA
# bundle mounted (`--volume .../ca-certificates.crt:...:ro`, for pip), build this stage first
# WITHOUT that volume (`--target python-base`): a read-only file over the bundle makes Debian's
# ca-certificates fail to configure. The full build then reuses this stage's cached layer.
FROM ${BASE_IMAGE} AS python-base
USER root
RUN set -eu; \
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then \
        apt-get update; \
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            python3 python3-venv ca-certificates tzdata; \
        apt-get clean; \
        rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log /usr/share/doc/* /usr/share/man/*; \
    fi; \
    python3 -c 'import sys; assert sys.version_info[:2] >= (3, 11), sys.version'; \
    if ! id -u airbyte >/dev/null 2>&1; then useradd --create-home --shell /bin/sh airbyte; fi

# --- poetry: the pinned Poetry that installs from poetry.lock (kept apart: it never reaches the runtime) --
# A stage of its own, without the builder label, so its layer stays cached when builder images are pruned.
FROM python-base AS poetry
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
# Keep equal to POETRY_VERSION in scripts/bootstrap.sh (unit_tests/test_packaging.py checks it).
ARG POETRY_VERSION=2.5.1
# A CA bundle mounted at the standard Debian path (a TLS proxy's, see the team's container notes) is
# used when present; otherwise pip's own bundle.
RUN set -eu; \
    if [ -s /etc/ssl/certs/ca-certificates.crt ]; then export PIP_CERT=/etc/ssl/certs/ca-certificates.crt; fi; \
    python3 -m venv /opt/poetry; \
    /opt/poetry/bin/pip install -q "poetry==${POETRY_VERSION}"; \
    /opt/poetry/bin/poetry --version

# --- builder: the locked dependencies, then the connector's wheel, into a venv ------------------------
# (no pip, Poetry, build files or caches reach the runtime)
FROM poetry AS builder
# Marks this stage's images (never the final one) so local tooling can prune them after a build.
LABEL destination-unified-ats.build-stage=builder
ENV POETRY_NO_INTERACTION=1 POETRY_VIRTUALENVS_CREATE=false POETRY_CACHE_DIR=/tmp/poetry-cache
RUN python3 -m venv /opt/venv
WORKDIR /build
# Dependencies first, exactly as poetry.lock pins them (the main group only: no test or lint tools); this
# layer is reused while the lock is unchanged. `poetry sync` refuses a lock that is out of date.
COPY pyproject.toml poetry.lock ./
RUN set -eu; \
    if [ -s /etc/ssl/certs/ca-certificates.crt ]; then export REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt; fi; \
    VIRTUAL_ENV=/opt/venv /opt/poetry/bin/poetry sync --only main --no-root; \
    rm -rf /tmp/poetry-cache
# Then the connector itself, as a wheel (not the editable install `poetry install` would make), without
# dependencies: they are all in place. Bytecode is compiled here: the runtime user cannot write it into
# /opt/venv, so every start would compile it again. The test suites that pandas and numpy (airbyte-cdk
# dependencies) ship are never imported: dropped (about 60 MB).
COPY README.md main.py ./
COPY destination_unified_ats ./destination_unified_ats
RUN set -eu; \
    /opt/poetry/bin/poetry build --format wheel --output /tmp/dist; \
    /opt/venv/bin/pip install -q --no-deps --no-compile /tmp/dist/*.whl; \
    /opt/venv/bin/pip uninstall -q -y pip; \
    rm -rf /tmp/dist /opt/venv/lib/python3*/site-packages/pandas/tests; \
    find /opt/venv/lib -depth -type d -name tests -path '*/site-packages/numpy/*' -exec rm -rf {} +; \
    /opt/venv/bin/python -m compileall -q -j 0 /opt/venv/lib >/dev/null; \
    /opt/venv/bin/destination-unified-ats spec >/dev/null

# --- runtime -----------------------------------------------------------------------------------------
FROM python-base
WORKDIR /airbyte/integration_code
COPY --from=builder /opt/venv /opt/venv
COPY main.py ./
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    AIRBYTE_ENTRYPOINT="destination-unified-ats"
ENTRYPOINT ["destination-unified-ats"]
LABEL io.airbyte.name=airbyte/destination-unified-ats \
      io.airbyte.version=0.2.0
USER airbyte
