"""Aliases of common tech and business terms and roles, folded to one canonical spelling.

Each entry reads "surface words => canonical tokens". Surface words are raw tokens (after cleaning:
lower-case, "front-end" already split into "front end", "ci/cd" into "ci cd"). The canonical tokens
replace the matched words; a role phrase keeps its words next to the canonical token so that
"Product Manager" still shares "product" and "manager" with "Senior Product Manager, Payments".
"""

from __future__ import annotations

_ALIAS_TABLE = """
js | javascript | ecmascript | es6 | vanilla js => javascript
ts | typescript => typescript
golang | go lang | go => go
py | python3 | python 3 | python => python
k8s | kube | kubernetes | kubernetes engine => kubernetes
eks => kubernetes aws
gke => kubernetes gcp
aks => kubernetes azure
postgres | postgresql | psql | postgre => postgresql
mysql => mysql
mongo | mongodb => mongodb
redis => redis
kafka | apache kafka => kafka
rabbitmq => rabbitmq
docker | docker compose => docker
terraform | terraform cloud => terraform
ansible => ansible
helm => helm
aws | amazon web services => aws
gcp | google cloud | google cloud platform => gcp
azure | microsoft azure => azure
react | reactjs | react.js => react
react native => react_native
vue | vuejs | vue.js => vue
angular | angularjs => angular
node | nodejs | node.js => node
next.js | nextjs | next js => nextjs
graphql | gql => graphql
grpc | protobuf | protocol buffers => grpc
restful | rest api | rest apis | restful api | restful apis => rest api
microservice | microservices | micro services | micro service => microservice
django => django
flask => flask
fastapi | fast api => fastapi
celery => celery
spark | pyspark | apache spark => spark
airflow | apache airflow => airflow
dbt => dbt
snowflake => snowflake
bigquery | big query => bigquery
redshift => redshift
databricks => databricks
etl | elt | extract transform load => etl
data pipeline | data pipelines => etl data pipeline
tableau => tableau
looker => looker
power bi | powerbi => powerbi
excel | ms excel | microsoft excel | advanced excel => excel
sql | t sql | tsql | plsql => sql
nosql => nosql
pytorch | torch => pytorch
tensorflow | tf2 | keras => tensorflow
scikit learn | sklearn | scikit => scikit_learn
pandas => pandas
numpy => numpy
mlops | ml ops => mlops
ml | machine learning => ml
mle | ml engineer | machine learning engineer => ml engineer
deep learning => deep_learning ml
ai | artificial intelligence => ai
genai | gen ai | generative ai => ai llm
llm | llms | large language model | large language models => llm
nlp | natural language processing => nlp
computer vision => computer_vision
feature store | feature stores => feature_store
sre | site reliability | site reliability engineering => sre
devops | dev ops => devops
ci cd | cicd | continuous integration | continuous delivery | continuous deployment => cicd
jenkins => jenkins
github actions => github_actions
gitlab ci => gitlab cicd
iac | infrastructure as code => iac
prometheus => prometheus
grafana => grafana
datadog => datadog
pagerduty | pager duty => pagerduty
on call | oncall => on_call
linux | unix => linux
salesforce | sfdc => salesforce
hubspot => hubspot
outreach.io | salesloft => outreach
gainsight => gainsight
zendesk => zendesk
figma => figma
sketch => sketch
design system | design systems => design_system
jira => jira
css | css3 | sass | scss => css
html | html5 => html
tailwind | tailwindcss => tailwind
swift | swiftui => swift
kotlin => kotlin
ios => ios
android => android
objective c => objective_c
rust => rust
scala => scala
ruby => ruby
rails | ruby on rails => rails
php => php
java => java
spring | spring boot => spring
cpp | c++ => c++
c# | csharp => c#
dotnet | asp.net => dotnet
selenium => selenium
cypress => cypress
playwright => playwright
jest => jest
statistics | statistical | stats => statistics
r => r_lang
a b testing | ab testing | ab tests | ab test | split testing | ab => ab_testing experiment
causal inference => causal_inference
frontend | front end => frontend
backend | back end => backend
fullstack | full stack => fullstack
web developer | web developers => frontend engineer
developer | developers | dev | devs | programmer | programmers | coder => engineer
swe | sde | software development engineer => software engineer
pm | product manager | product managers => product_manager product manager
apm | associate product manager => product_manager junior product manager
product owner => product_manager product owner
product management => product_manager product management
tpm => technical program manager
ae | account executive | account executives => account_executive account executive
account manager | account management => account_manager account manager
sdr | bdr | sales development representative => sdr sales development representative
business development representative => sdr business development representative
sales development => sdr sales development
customer success => customer_success customer success
csm | customer success manager => customer_success customer success manager
ux | user experience => ux
ui | user interface => ui
qa | quality assurance => qa
sdet => qa test automation engineer
test automation | automated testing | automation testing => test_automation qa
bi | business intelligence => business_intelligence
hr | human resources => human_resources
saas => saas
b2b => b2b
gtm | go to market => gtm
okr | okrs => okr
kpi | kpis => kpi
crm => crm
sr | snr => senior
designer | designers => designer
ui engineer | ui developer | ui engineers => frontend ui engineer
django developer | django engineer => django python backend engineer
rails developer | rails engineer => rails ruby backend engineer
production engineer | production engineering => sre production engineer
infrastructure engineer | infrastructure engineering => sre infrastructure engineer
cloud engineer | cloud engineering => devops cloud engineer
build and release engineer | release engineer => devops release engineer
quantitative analyst | quant analyst => data_science quantitative analyst
decision scientist => data_science decision scientist
business intelligence analyst | bi analyst => business_intelligence data_analytics analyst
bi developer | bi engineer => business_intelligence data_analytics analytics_engineering engineer
business intelligence developer => business_intelligence data_analytics analytics_engineering engineer
business intelligence engineer => business_intelligence data_analytics analytics_engineering engineer
analytics engineer | analytics engineers | analytics engineering => analytics_engineering analytics engineer
member of technical staff | mts | founding engineer => software engineer
fe => frontend
fe engineer | fe developer | fe dev => frontend engineer
pg => postgresql
prom => prometheus
gha => github_actions
talent partner | talent acquisition partner | talent acquisition => recruiter technical talent
tech recruiter | technical recruiter | recruiting partner | technical sourcer => recruiter technical talent
rn => registered nurse
sales engineer | solutions engineer | solution engineer => solutions_engineering solutions engineer
solutions consultant | presales engineer => solutions_engineering solutions engineer
reporting analyst => data_analytics reporting analyst
product designer | product designers => product_designer product designer
ux designer | ui designer | ui ux designer | ux ui designer | interaction designer => product_designer ux designer
client success manager => customer_success customer success manager
software engineer in test => qa test_automation software engineer
mid market | midmarket => mid_market
c level | c suite => executive
data scientist | data scientists | data science => data_science data scientist
data engineer | data engineers | data engineering => data_engineering data engineer
data analyst | data analysts | data analytics | data analysis => data_analytics data analyst
jr => junior
"""


def _parse(table: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    aliases: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in table.strip().splitlines():
        surfaces, _, canonical = line.partition("=>")
        output = tuple(canonical.split())
        for surface in surfaces.split("|"):
            key = tuple(surface.split())
            if key in aliases and aliases[key] != output:
                raise ValueError(f"alias {surface!r} is defined twice")
            aliases[key] = output
    return aliases


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ALIASES: dict[tuple[str, ...], tuple[str, ...]] = _parse(_ALIAS_TABLE)
MAX_PHRASE_WORDS: int = max(len(key) for key in ALIASES)
PHRASE_STARTS: frozenset[str] = frozenset(key[0] for key in ALIASES if len(key) > 1)

# Canonical technology, tool and role tokens: never stemmed, and counted as skills.
TECH_TERMS: frozenset[str] = _words(
    """
    javascript typescript go python kubernetes postgresql mysql mongodb redis kafka rabbitmq docker
    terraform ansible helm aws gcp azure react react_native vue angular node nextjs graphql grpc rest
    microservice django flask fastapi celery spark airflow dbt snowflake bigquery redshift databricks
    etl tableau looker powerbi excel sql nosql pytorch tensorflow scikit_learn pandas numpy mlops ml
    deep_learning ai llm nlp computer_vision feature_store sre devops cicd jenkins github_actions iac
    prometheus grafana datadog pagerduty on_call linux salesforce hubspot outreach gainsight zendesk
    figma sketch design_system jira css html tailwind swift kotlin ios android objective_c rust scala
    ruby rails php java spring c++ c# dotnet selenium cypress playwright jest statistics r_lang
    ab_testing causal_inference data_science data_engineering data_analytics frontend backend fullstack
    product_manager account_executive
    account_manager sdr customer_success ux ui qa test_automation business_intelligence
    human_resources saas b2b gtm okr kpi crm mid_market product_designer analytics_engineering
    solutions_engineering
    """
)

# Plain words that name a skill in job text (stemmed by the analyser like every other word).
DOMAIN_SKILL_WORDS: frozenset[str] = _words(
    """
    prospecting negotiation forecasting quota pipeline onboarding renewals churn expansion
    experimentation regression roadmap discovery payments fintech accessibility prototyping
    wireframing research dashboards reporting distributed observability incident security
    networking concurrency caching streaming warehousing modeling segmentation retention
    """
)

# Canonical tokens that name a role or a function rather than a technology.
ROLE_TERMS: frozenset[str] = _words(
    """
    frontend backend fullstack sre devops qa product_manager account_executive account_manager sdr
    customer_success data_science data_engineering data_analytics business_intelligence human_resources
    test_automation mid_market ux ui product_designer analytics_engineering solutions_engineering
    """
)

# Words kept whole by the analyser although they are not skills: "designer" must not meet "design"
# (a Mechanical Design Engineer is no Product Designer).
UNSTEMMED_WORDS: frozenset[str] = TECH_TERMS | frozenset({"designer"})
