"""The evaluation's job postings: one fictional company's ATS ("Northwind"), 20 jobs, written by hand.

Each job carries, next to its Unified AtsJob fields, the requirements the dataset's labels are derived
from (`label_*`): the minimum years, the minimum degree level (0 none .. 5 doctorate, `None` when the
degree is optional) and the on-site city (`None` for remote jobs). Labels never look at the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Degree levels used by the labels (same ladder as the product: none < high school < ... < doctorate).
NONE, HIGH_SCHOOL, ASSOCIATE, BACHELOR, MASTER, DOCTORATE = range(6)

ADDRESSES: dict[str, dict[str, str]] = {
    "san_francisco": {
        "address1": "500 Howard St",
        "city": "San Francisco",
        "region": "California",
        "region_code": "CA",
        "postal_code": "94105",
        "country": "United States",
        "country_code": "US",
    },
    "new_york": {
        "address1": "85 Broad St",
        "city": "New York",
        "region": "New York",
        "region_code": "NY",
        "postal_code": "10004",
        "country": "United States",
        "country_code": "US",
    },
    "austin": {
        "address1": "301 Congress Ave",
        "city": "Austin",
        "region": "Texas",
        "region_code": "TX",
        "postal_code": "78701",
        "country": "United States",
        "country_code": "US",
    },
    "seattle": {
        "address1": "1201 2nd Ave",
        "city": "Seattle",
        "region": "Washington",
        "region_code": "WA",
        "postal_code": "98101",
        "country": "United States",
        "country_code": "US",
    },
    "chicago": {
        "address1": "222 W Merchandise Mart Plaza",
        "city": "Chicago",
        "region": "Illinois",
        "region_code": "IL",
        "postal_code": "60654",
        "country": "United States",
        "country_code": "US",
    },
    "denver": {
        "address1": "1660 Lincoln St",
        "city": "Denver",
        "region": "Colorado",
        "region_code": "CO",
        "postal_code": "80264",
        "country": "United States",
        "country_code": "US",
    },
    "toronto": {
        "address1": "100 King St W",
        "city": "Toronto",
        "region": "Ontario",
        "region_code": "ON",
        "postal_code": "M5X 1A9",
        "country": "Canada",
        "country_code": "CA",
    },
    "london": {
        "address1": "1 Finsbury Avenue",
        "city": "London",
        "region": "England",
        "postal_code": "EC2M 2PF",
        "country": "United Kingdom",
        "country_code": "GB",
    },
    "berlin": {
        "address1": "Rosenthaler Str. 40",
        "city": "Berlin",
        "region": "Berlin",
        "postal_code": "10178",
        "country": "Germany",
        "country_code": "DE",
    },
}


@dataclass(frozen=True)
class JobSpec:
    id: str
    name: str
    status: str | None
    description: str
    minimum_experience_years: float | None
    minimum_degree: str | None
    employment_type: str | None
    remote: bool | None
    city: str | None
    questions: tuple[str, ...] = ()
    metadata: tuple[tuple[str, Any], ...] = ()
    label_min_years: float = 0.0
    label_degree: int | None = None
    label_degree_equivalent_ok: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.status in ("OPEN", None)

    @property
    def onsite(self) -> bool:
        return self.city is not None and self.remote is not True

    def ats_job(self) -> dict[str, Any]:
        """The job as Unified's AtsJob returns it."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "status": self.status,
            "minimum_experience_years": self.minimum_experience_years,
            "minimum_degree": self.minimum_degree,
            "employment_type": self.employment_type,
            "remote": self.remote,
            "addresses": [dict(ADDRESSES[self.city])] if self.city else [],
            "questions": [
                {"question": q, "type": "YES_NO" if q.startswith(("Are", "Do", "Will", "Can")) else "TEXT"}
                for q in self.questions
            ],
            "metadata": [{"slug": slug, "value": value} for slug, value in self.metadata],
            "skills": [],
            "company_id": "cmp_northwind",
            "created_at": "2026-01-12T16:00:00Z",
            "updated_at": "2026-02-20T09:30:00Z",
        }


def _html(intro: str, duties: list[str], wants: list[str], extra: str = "") -> str:
    items = "".join(f"<li>{d}</li>" for d in duties)
    needs = "".join(f"<li>{w}</li>" for w in wants)
    return (
        f"<p>{intro}</p><h3>What you&#39;ll do</h3><ul>{items}</ul>"
        f"<h3>What we&#39;re looking for</h3><ul>{needs}</ul>{extra}"
        "<p><em>Northwind is an equal opportunity employer.</em></p>"
    )


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        id="job_sr_backend_go",
        name="Senior Backend Engineer (Go)",
        status="OPEN",
        description=_html(
            "Northwind moves money for 40,000 small businesses. The Ledger team is hiring a "
            "<strong>Senior Backend Engineer</strong> to build the services behind our double-entry ledger "
            "and payouts.",
            [
                "Design and ship high-throughput services in Go",
                "Own gRPC APIs and the event pipelines we run on Kafka",
                "Operate PostgreSQL at scale: schema design, partitioning, query tuning",
                "Deploy and observe services on Kubernetes (EKS) with Prometheus and Grafana",
            ],
            [
                "5+ years of backend engineering experience, 2+ of them writing Go in production",
                "Distributed systems fundamentals: concurrency, idempotency, consistency",
                "Experience with payments or financial systems is a plus",
            ],
            "<p>Hybrid: 3 days a week in our San Francisco office.</p>",
        ),
        minimum_experience_years=5,
        minimum_degree="Bachelor's degree in Computer Science or a related field",
        employment_type="FULL_TIME",
        remote=False,
        city="san_francisco",
        questions=(
            "Do you have production experience with Go?",
            "Are you able to work from our San Francisco office three days a week?",
        ),
        metadata=(("team", "Ledger"), ("hiring_manager", "Amara Okafor"), ("level", "L5")),
        label_min_years=5,
        label_degree=BACHELOR,
    ),
    JobSpec(
        id="job_backend_python",
        name="Backend Engineer (Python)",
        status="OPEN",
        description=_html(
            "Join the Merchant Experience team as a <strong>Backend Engineer</strong> working on the APIs that "
            "power our dashboard, invoicing and onboarding flows. Fully remote.",
            [
                "Build and maintain REST APIs in Python with Django and FastAPI",
                "Model data in PostgreSQL and cache hot paths in Redis",
                "Run background jobs with Celery and ship on AWS",
                "Write tests, review code and improve our CI pipeline",
            ],
            [
                "2+ years of professional experience building web backends in Python",
                "Comfort with SQL, API design and debugging production issues",
                "Bonus: experience with invoicing, billing or onboarding products",
            ],
        ),
        minimum_experience_years=2,
        minimum_degree=None,
        employment_type="FULL_TIME",
        remote=True,
        city=None,
        questions=("Do you have 2+ years of professional Python experience?",),
        metadata=(("team", "Merchant Experience"), ("timezone", "UTC-8 to UTC+2")),
        label_min_years=2,
    ),
    JobSpec(
        id="job_staff_backend_python",
        name="Staff Backend Engineer, Platform (Python)",
        status="OPEN",
        description=_html(
            "The Platform group builds the shared services every Northwind product runs on. As a "
            "<strong>Staff Engineer</strong> you will set technical direction across teams.",
            [
                "Lead the architecture of our Python service platform and its migration to async",
                "Design multi-tenant APIs, rate limiting and background processing at scale",
                "Mentor senior engineers and run design reviews",
                "Partner with SRE on reliability targets, capacity planning and incident reviews",
            ],
            [
                "8+ years of software engineering experience, mostly backend Python",
                "Deep experience with PostgreSQL, Kafka or similar distributed systems",
                "A record of technical leadership across several teams",
            ],
            "<p>Based in our New York office (hybrid).</p>",
        ),
        minimum_experience_years=8,
        minimum_degree="BS in Computer Science or equivalent experience",
        employment_type="FULL_TIME",
        remote=False,
        city="new_york",
        questions=("Describe a system you designed that other teams depend on.",),
        metadata=(("team", "Platform"), ("level", "L7")),
        label_min_years=8,
        label_degree=BACHELOR,
        label_degree_equivalent_ok=True,
    ),
    JobSpec(
        id="job_backend_go",
        name="Backend Engineer (Go)",
        status="CLOSED",
        description=_html(
            "A <strong>Backend Engineer</strong> for the Payouts team, writing Go services. Fully remote.",
            [
                "Build payout and reconciliation services in Go",
                "Work with gRPC, PostgreSQL and Kafka",
            ],
            ["3+ years of backend experience", "Production Go experience"],
        ),
        minimum_experience_years=3,
        minimum_degree=None,
        employment_type="FULL_TIME",
        remote=True,
        city=None,
        metadata=(("team", "Payouts"),),
        label_min_years=3,
    ),
    JobSpec(
        id="job_data_engineer",
        name="Data Engineer",
        status="OPEN",
        description=_html(
            "Our Data Platform team is looking for a <strong>Data Engineer</strong> to own the pipelines that "
            "feed finance, risk and product analytics.",
            [
                "Build batch and streaming pipelines with Spark, Kafka and Airflow",
                "Model the warehouse in Snowflake with dbt",
                "Guarantee data quality with tests, contracts and monitoring",
                "Work with analysts and data scientists on trustworthy datasets",
            ],
            [
                "3+ years of data engineering experience",
                "Strong SQL and Python",
                "Experience with ETL orchestration and dimensional data modeling",
            ],
            "<p>This role is on-site in New York.</p>",
        ),
        minimum_experience_years=3,
        minimum_degree="Bachelor's",
        employment_type="FULL_TIME",
        remote=False,
        city="new_york",
        questions=("Which orchestration tools have you used in production?",),
        metadata=(("team", "Data Platform"),),
        label_min_years=3,
        label_degree=BACHELOR,
    ),
    JobSpec(
        id="job_ml_engineer",
        name="Machine Learning Engineer",
        status="OPEN",
        description=_html(
            "The Risk team uses machine learning to stop fraud before it happens. We are hiring a "
            "<strong>Machine Learning Engineer</strong> to take models from notebook to production. Remote.",
            [
                "Train and ship fraud and credit models in PyTorch and scikit-learn",
                "Build our feature store and real-time model serving",
                "Own MLOps: training pipelines, model registry, monitoring for drift",
                "Prototype LLM-based tooling for the disputes team",
            ],
            [
                "3+ years building machine learning systems in production",
                "MS or PhD in Computer Science, Statistics or a related field",
                "Strong Python; experience with Kubernetes and cloud ML tooling",
            ],
        ),
        minimum_experience_years=3,
        minimum_degree="Master's",
        employment_type="FULL_TIME",
        remote=True,
        city=None,
        questions=("Have you deployed a model that serves real-time traffic?",),
        metadata=(("team", "Risk"), ("required_skills", "Python, PyTorch, MLOps")),
        label_min_years=3,
        label_degree=MASTER,
    ),
    JobSpec(
        id="job_data_scientist",
        name="Data Scientist, Experimentation",
        status="OPEN",
        description=_html(
            "We run hundreds of experiments a quarter. As a <strong>Data Scientist</strong> on the "
            "Experimentation team you will make them trustworthy.",
            [
                "Design A/B tests and analyse them with sound statistics",
                "Apply causal inference when experiments are not possible",
                "Build forecasting models for growth and finance",
                "Communicate results to product leaders",
            ],
            [
                "3+ years of experience as a data scientist",
                "Master of Science in Statistics, Economics, or a quantitative field",
                "Fluent in SQL and Python or R",
            ],
            "<p>On-site in Seattle.</p>",
        ),
        minimum_experience_years=3,
        minimum_degree="Master of Science",
        employment_type="FULL_TIME",
        remote=False,
        city="seattle",
        metadata=(("team", "Experimentation"),),
        label_min_years=3,
        label_degree=MASTER,
    ),
    JobSpec(
        id="job_data_analyst",
        name="Data Analyst",
        status="OPEN",
        description=_html(
            "The Revenue Operations team needs a <strong>Data Analyst</strong> to turn our sales and billing "
            "data into decisions.",
            [
                "Write SQL against our Snowflake warehouse",
                "Build dashboards in Tableau and Looker for sales and finance",
                "Own weekly reporting and ad-hoc analysis in Excel",
                "Support pricing A/B tests with clean analysis",
            ],
            [
                "1+ years of experience in analytics or business intelligence",
                "Bachelor's degree",
                "Clear communication with non-technical stakeholders",
            ],
            "<p>Based in Austin, TX (in office).</p>",
        ),
        minimum_experience_years=1,
        minimum_degree="Bachelor's",
        employment_type="FULL_TIME",
        remote=False,
        city="austin",
        metadata=(("team", "Revenue Operations"),),
        label_min_years=1,
        label_degree=BACHELOR,
    ),
    JobSpec(
        id="job_frontend_react",
        name="Frontend Engineer (React)",
        status="OPEN",
        description=_html(
            "Our London team builds the Northwind dashboard used by 40,000 merchants. We are hiring a "
            "<strong>Frontend Engineer</strong>.",
            [
                "Build product features in React and TypeScript on Next.js",
                "Grow our design system with the design team",
                "Make the product accessible (WCAG 2.1 AA) and fast",
                "Test with Jest and Playwright",
            ],
            [
                "2+ years of professional frontend experience",
                "Deep knowledge of React, TypeScript, HTML and CSS",
                "Care for accessibility and performance",
            ],
            "<p>Hybrid from our London office.</p>",
        ),
        minimum_experience_years=2,
        minimum_degree=None,
        employment_type="FULL_TIME",
        remote=False,
        city="london",
        questions=("Can you share a link to something you built in React?",),
        metadata=(("team", "Dashboard"),),
        label_min_years=2,
    ),
    JobSpec(
        id="job_fullstack",
        name="Full Stack Engineer",
        status="OPEN",
        description=_html(
            "The Toronto team owns invoicing end to end. As a <strong>Full Stack Engineer</strong> you will "
            "ship features from the database to the UI.",
            [
                "Build APIs in Node.js and TypeScript with GraphQL",
                "Build UIs in React",
                "Model data in PostgreSQL and deploy on AWS",
            ],
            [
                "3+ years of full-stack web development experience",
                "BS in Computer Science or a related field",
                "Comfort across the stack: Node.js, React, SQL",
            ],
            "<p>On-site in Toronto, Ontario.</p>",
        ),
        minimum_experience_years=3,
        minimum_degree="BS",
        employment_type="FULL_TIME",
        remote=False,
        city="toronto",
        metadata=(("team", "Invoicing"),),
        label_min_years=3,
        label_degree=BACHELOR,
    ),
    JobSpec(
        id="job_sre",
        name="Site Reliability Engineer",
        status="OPEN",
        description=_html(
            "Keep Northwind up. Our <strong>SRE</strong> team in Berlin runs the infrastructure behind every payment.",
            [
                "Run Kubernetes clusters on AWS, managed with Terraform",
                "Own monitoring and alerting with Prometheus and Grafana",
                "Join the on-call rotation and lead incident response and postmortems",
                "Automate toil in Go or Python",
            ],
            [
                "4+ years in SRE, DevOps or infrastructure roles",
                "Strong Linux and networking fundamentals",
                "Bachelor's degree in a technical field",
            ],
            "<p>Hybrid: our Berlin office two days a week.</p>",
        ),
        minimum_experience_years=4,
        minimum_degree="Bachelor's degree",
        employment_type="FULL_TIME",
        remote=None,
        city="berlin",
        questions=("Are you comfortable joining an on-call rotation?",),
        metadata=(("team", "Infrastructure"),),
        label_min_years=4,
        label_degree=BACHELOR,
    ),
    JobSpec(
        id="job_devops_contract",
        name="DevOps Engineer (6-month contract)",
        status="OPEN",
        description=_html(
            "A six-month contract to modernise our build and release tooling. Remote.",
            [
                "Move CI/CD from Jenkins to GitHub Actions",
                "Containerise legacy services with Docker and deploy them to Kubernetes",
                "Codify AWS infrastructure with Terraform",
            ],
            [
                "5+ years of DevOps experience",
                "Hands-on Terraform, Docker and AWS",
                "Available to start within a month",
            ],
        ),
        minimum_experience_years=5,
        minimum_degree=None,
        employment_type="CONTRACTOR",
        remote=True,
        city=None,
        metadata=(("contract_length_months", 6),),
        label_min_years=5,
    ),
    JobSpec(
        id="job_sr_pm_payments",
        name="Senior Product Manager, Payments",
        status="OPEN",
        description=_html(
            "Own the roadmap for how merchants get paid. As <strong>Senior Product Manager, Payments</strong> "
            "you will lead discovery and delivery with a team of eight engineers.",
            [
                "Own the payments roadmap and prioritisation",
                "Run customer discovery with merchants and partners",
                "Define metrics and OKRs, and report on them",
                "Work with engineering, design, risk and compliance",
            ],
            [
                "5+ years of product management experience in B2B SaaS or fintech",
                "Experience shipping payments, billing or banking products",
                "Bachelor's degree",
            ],
            "<p>Based in New York (hybrid).</p>",
        ),
        minimum_experience_years=5,
        minimum_degree="Bachelor's",
        employment_type="FULL_TIME",
        remote=False,
        city="new_york",
        metadata=(("team", "Payments"),),
        label_min_years=5,
        label_degree=BACHELOR,
    ),
    JobSpec(
        id="job_product_designer",
        name="Product Designer",
        status="OPEN",
        description=_html(
            "We are hiring a <strong>Product Designer</strong> to shape how merchants manage their money. "
            "Remote-first.",
            [
                "Own end-to-end design for invoicing and payouts",
                "Run user research and usability testing",
                "Prototype in Figma and contribute to our design system",
            ],
            [
                "3+ years of product design (UX/UI) experience",
                "A portfolio showing interaction design and research",
            ],
        ),
        minimum_experience_years=3,
        minimum_degree=None,
        employment_type="FULL_TIME",
        remote=True,
        city=None,
        questions=("Please share your portfolio link.",),
        metadata=(("team", "Design"),),
        label_min_years=3,
    ),
    JobSpec(
        id="job_account_executive",
        name="Account Executive, Mid-Market",
        status="OPEN",
        description=_html(
            "Sell Northwind to mid-market companies. As an <strong>Account Executive</strong> you run "
            "full-cycle deals from discovery to close.",
            [
                "Own a quota of new ARR from mid-market accounts",
                "Run discovery, demos, negotiation and closing",
                "Keep pipeline and forecasting accurate in Salesforce",
            ],
            [
                "2+ years closing B2B SaaS deals",
                "A track record of hitting quota",
                "High school diploma required; degree a plus",
            ],
            "<p>In office in Chicago.</p>",
        ),
        minimum_experience_years=2,
        minimum_degree="High school diploma",
        employment_type="FULL_TIME",
        remote=False,
        city="chicago",
        metadata=(("segment", "Mid-Market"), ("quota", "$720k ARR")),
        label_min_years=2,
        label_degree=HIGH_SCHOOL,
    ),
    JobSpec(
        id="job_sdr",
        name="Sales Development Representative",
        status="OPEN",
        description=_html(
            "Start your sales career at Northwind. Our <strong>SDRs</strong> open conversations with "
            "businesses that should be using us. Remote (US).",
            [
                "Outbound prospecting by email, phone and LinkedIn",
                "Qualify inbound leads and book meetings for Account Executives",
                "Keep HubSpot and Outreach sequences up to date",
            ],
            [
                "Resilience and curiosity; cold calling experience is a plus",
                "High school diploma or equivalent",
            ],
        ),
        minimum_experience_years=None,
        minimum_degree="High school",
        employment_type="FULL_TIME",
        remote=True,
        city=None,
        metadata=(("team", "Sales Development"),),
        label_min_years=0,
        label_degree=HIGH_SCHOOL,
    ),
    JobSpec(
        id="job_csm",
        name="Customer Success Manager",
        status="OPEN",
        description=_html(
            "Help our customers get value from Northwind. As a <strong>Customer Success Manager</strong> you "
            "own a book of 60 accounts.",
            [
                "Lead onboarding and adoption for new customers",
                "Own renewals, reduce churn and find expansion",
                "Run quarterly business reviews (QBRs)",
                "Track health scores in Gainsight and tickets in Zendesk",
            ],
            [
                "2+ years in customer success or account management for B2B SaaS",
                "Bachelor's degree",
            ],
            "<p>On-site in Denver.</p>",
        ),
        minimum_experience_years=2,
        minimum_degree="Bachelor's",
        employment_type="FULL_TIME",
        remote=False,
        city="denver",
        metadata=(("team", "Customer Success"),),
        label_min_years=2,
        label_degree=BACHELOR,
    ),
    JobSpec(
        id="job_qa_automation",
        name="QA Automation Engineer",
        status=None,
        description=_html(
            "Our Austin quality team is hiring a <strong>QA Automation Engineer</strong>.",
            [
                "Build end-to-end test automation with Playwright, Cypress and Selenium",
                "Run the suites in CI/CD and keep them fast and reliable",
                "Write API tests in Python or Java",
            ],
            ["2+ years of test automation experience", "Experience with CI systems"],
            "<p>On-site in Austin, Texas.</p>",
        ),
        minimum_experience_years=2,
        minimum_degree=None,
        employment_type="FULL_TIME",
        remote=False,
        city="austin",
        label_min_years=2,
    ),
    JobSpec(
        id="job_swe_intern",
        name="Software Engineering Intern (Summer 2026)",
        status="OPEN",
        description=_html(
            "A 12-week summer internship on one of our product engineering teams in San Francisco.",
            [
                "Ship a real project with a mentor",
                "Write Python or Java services and their tests",
                "Present your work at the end of the summer",
            ],
            [
                "Currently pursuing a BS or MS in Computer Science or a related field",
                "Solid data structures and algorithms; some Git experience",
            ],
        ),
        minimum_experience_years=None,
        minimum_degree=None,
        employment_type="INTERN",
        remote=False,
        city="san_francisco",
        metadata=(("program", "Summer 2026"),),
        label_min_years=0,
    ),
    JobSpec(
        id="job_growth_marketing",
        name="Growth Marketing Manager",
        status="CLOSED",
        description=_html(
            "Own acquisition for our self-serve funnel.",
            ["Run paid acquisition, SEO and lifecycle campaigns", "Build HubSpot nurture programs"],
            ["4+ years in growth or performance marketing"],
        ),
        minimum_experience_years=4,
        minimum_degree=None,
        employment_type="FULL_TIME",
        remote=True,
        city=None,
        label_min_years=4,
    ),
)

JOBS_BY_ID: dict[str, JobSpec] = {job.id: job for job in JOBS}
