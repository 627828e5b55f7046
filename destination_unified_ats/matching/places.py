"""Gazetteer data: country and region spellings, city aliases and the region/country of common hubs."""

from __future__ import annotations


def _table(text: str) -> dict[str, str]:
    """Parse "code: spelling | spelling" lines into {spelling: code} (the code maps to itself)."""
    out: dict[str, str] = {}
    for line in text.strip().splitlines():
        code, _, spellings = line.partition(":")
        code = code.strip()
        out[code] = code
        for spelling in spellings.split("|"):
            if spelling.strip():
                out[spelling.strip()] = code
    return out


COUNTRIES: dict[str, str] = _table(
    """
    us: usa | united states | united states of america | america | u.s | u.s.a
    gb: uk | united kingdom | great britain | britain | england | scotland | wales | northern ireland
    ca: canada
    de: germany | deutschland
    fr: france
    nl: netherlands | the netherlands | holland
    ie: ireland
    es: spain | espana
    pt: portugal
    it: italy
    se: sweden
    dk: denmark
    no: norway
    fi: finland
    ch: switzerland
    at: austria
    be: belgium
    pl: poland
    cz: czech republic | czechia
    ro: romania
    ua: ukraine
    in: india
    sg: singapore
    au: australia
    nz: new zealand
    jp: japan
    kr: south korea | korea
    cn: china
    il: israel
    ae: united arab emirates | uae
    br: brazil | brasil
    mx: mexico
    ar: argentina
    co: colombia
    cl: chile
    za: south africa
    ng: nigeria
    ke: kenya
    eg: egypt
    """
)

# Regions by country: {country: {spelling: region code}}.
US_STATES: dict[str, str] = _table(
    """
    al: alabama
    ak: alaska
    az: arizona
    ar: arkansas
    ca: california
    co: colorado
    ct: connecticut
    de: delaware
    dc: district of columbia | washington dc | washington d.c
    fl: florida
    ga: georgia
    hi: hawaii
    id: idaho
    il: illinois
    in: indiana
    ia: iowa
    ks: kansas
    ky: kentucky
    la: louisiana
    me: maine
    md: maryland
    ma: massachusetts
    mi: michigan
    mn: minnesota
    ms: mississippi
    mo: missouri
    mt: montana
    ne: nebraska
    nv: nevada
    nh: new hampshire
    nj: new jersey
    nm: new mexico
    ny: new york state
    nc: north carolina
    nd: north dakota
    oh: ohio
    ok: oklahoma
    or: oregon
    pa: pennsylvania
    ri: rhode island
    sc: south carolina
    sd: south dakota
    tn: tennessee
    tx: texas
    ut: utah
    vt: vermont
    va: virginia
    wa: washington state
    wv: west virginia
    wi: wisconsin
    wy: wyoming
    """
)
CA_PROVINCES: dict[str, str] = _table(
    """
    on: ontario
    qc: quebec
    bc: british columbia
    ab: alberta
    mb: manitoba
    sk: saskatchewan
    ns: nova scotia
    nb: new brunswick
    nl: newfoundland | newfoundland and labrador
    pe: prince edward island
    """
)
OTHER_REGIONS: dict[str, dict[str, str]] = {
    "gb": _table("england:\nscotland:\nwales:\nnorthern ireland:"),
    "de": _table("be: berlin\nby: bavaria | bayern\nhh: hamburg\nhe: hesse | hessen\nnw: north rhine westphalia | nrw"),
    "au": _table("nsw: new south wales\nvic: victoria\nqld: queensland\nwa: western australia"),
    "in": _table("ka: karnataka\nmh: maharashtra\ntg: telangana"),
}
REGIONS_BY_COUNTRY: dict[str, dict[str, str]] = {"us": US_STATES, "ca": CA_PROVINCES, **OTHER_REGIONS}
# Full region names (never bare codes) that identify a country on their own.
REGION_NAMES: dict[str, tuple[str, str]] = {
    spelling: (country, code)
    for country, table in REGIONS_BY_COUNTRY.items()
    for spelling, code in table.items()
    if spelling != code or len(spelling) > 3
}

CITY_ALIASES: dict[str, str] = {
    "nyc": "new york",
    "new york city": "new york",
    "manhattan": "new york",
    "brooklyn": "new york",
    "queens": "new york",
    "sf": "san francisco",
    "san fran": "san francisco",
    "sf bay": "san francisco",
    "bay": "san francisco",
    "sf bay area": "san francisco",
    "san francisco bay": "san francisco",
    "la": "los angeles",
    "washington dc": "washington",
    "washington d.c": "washington",
    "dc": "washington",
    "munchen": "munich",
    "muenchen": "munich",
    "koln": "cologne",
    "frankfurt am main": "frankfurt",
    "bengaluru": "bangalore",
    "bombay": "mumbai",
    "new delhi": "delhi",
    "gurugram": "gurgaon",
    "tel aviv yafo": "tel aviv",
    "cdmx": "mexico city",
}

# city: (region code or "", country code)
CITIES: dict[str, tuple[str, str]] = {
    "new york": ("ny", "us"),
    "san francisco": ("ca", "us"),
    "oakland": ("ca", "us"),
    "san jose": ("ca", "us"),
    "palo alto": ("ca", "us"),
    "mountain view": ("ca", "us"),
    "sunnyvale": ("ca", "us"),
    "los angeles": ("ca", "us"),
    "san diego": ("ca", "us"),
    "seattle": ("wa", "us"),
    "bellevue": ("wa", "us"),
    "austin": ("tx", "us"),
    "dallas": ("tx", "us"),
    "houston": ("tx", "us"),
    "chicago": ("il", "us"),
    "boston": ("ma", "us"),
    "denver": ("co", "us"),
    "boulder": ("co", "us"),
    "atlanta": ("ga", "us"),
    "miami": ("fl", "us"),
    "washington": ("dc", "us"),
    "philadelphia": ("pa", "us"),
    "pittsburgh": ("pa", "us"),
    "portland": ("or", "us"),
    "phoenix": ("az", "us"),
    "salt lake city": ("ut", "us"),
    "minneapolis": ("mn", "us"),
    "detroit": ("mi", "us"),
    "raleigh": ("nc", "us"),
    "nashville": ("tn", "us"),
    "jersey city": ("nj", "us"),
    "hoboken": ("nj", "us"),
    "toronto": ("on", "ca"),
    "waterloo": ("on", "ca"),
    "ottawa": ("on", "ca"),
    "vancouver": ("bc", "ca"),
    "montreal": ("qc", "ca"),
    "calgary": ("ab", "ca"),
    "london": ("england", "gb"),
    "manchester": ("england", "gb"),
    "bristol": ("england", "gb"),
    "leeds": ("england", "gb"),
    "edinburgh": ("scotland", "gb"),
    "glasgow": ("scotland", "gb"),
    "berlin": ("be", "de"),
    "munich": ("by", "de"),
    "hamburg": ("hh", "de"),
    "frankfurt": ("he", "de"),
    "cologne": ("nw", "de"),
    "paris": ("", "fr"),
    "amsterdam": ("", "nl"),
    "dublin": ("", "ie"),
    "madrid": ("", "es"),
    "barcelona": ("", "es"),
    "lisbon": ("", "pt"),
    "stockholm": ("", "se"),
    "copenhagen": ("", "dk"),
    "oslo": ("", "no"),
    "helsinki": ("", "fi"),
    "zurich": ("", "ch"),
    "vienna": ("", "at"),
    "warsaw": ("", "pl"),
    "krakow": ("", "pl"),
    "prague": ("", "cz"),
    "bangalore": ("ka", "in"),
    "mumbai": ("mh", "in"),
    "delhi": ("", "in"),
    "gurgaon": ("", "in"),
    "hyderabad": ("tg", "in"),
    "pune": ("mh", "in"),
    "singapore": ("", "sg"),
    "sydney": ("nsw", "au"),
    "melbourne": ("vic", "au"),
    "brisbane": ("qld", "au"),
    "auckland": ("", "nz"),
    "tokyo": ("", "jp"),
    "seoul": ("", "kr"),
    "tel aviv": ("", "il"),
    "dubai": ("", "ae"),
    "sao paulo": ("", "br"),
    "mexico city": ("", "mx"),
    "buenos aires": ("", "ar"),
    "bogota": ("", "co"),
    "cape town": ("", "za"),
    "lagos": ("", "ng"),
    "nairobi": ("", "ke"),
}

# Metro areas: the towns around a hub city whose people commute to its on-site jobs.
# "hub (region, country): town/region | town/region ..." (a town's region disambiguates: Aurora, CO is
# Denver's, Aurora, IL Chicago's; a town named without a region matches only when its name is unique).
_METRO_TABLE = """
san francisco (ca, us): oakland/ca | berkeley/ca | emeryville/ca | alameda/ca | daly city/ca
    | south san francisco/ca | san mateo/ca | burlingame/ca | san bruno/ca | millbrae/ca | foster city/ca
    | redwood city/ca | menlo park/ca | sausalito/ca | mill valley/ca | san rafael/ca | richmond/ca
    | el cerrito/ca | albany/ca | walnut creek/ca | fremont/ca | hayward/ca | san leandro/ca
san jose (ca, us): santa clara/ca | sunnyvale/ca | mountain view/ca | palo alto/ca | cupertino/ca
    | milpitas/ca | campbell/ca | los gatos/ca
new york (ny, us): jersey city/nj | hoboken/nj | newark/nj | weehawken/nj | bronx/ny | the bronx/ny
    | staten island/ny | long island city/ny | astoria/ny | harlem/ny | yonkers/ny | new rochelle/ny
    | white plains/ny | hempstead/ny
boston (ma, us): cambridge/ma | somerville/ma | brookline/ma | quincy/ma | newton/ma | waltham/ma | medford/ma
    | malden/ma | watertown/ma | arlington/ma | everett/ma | chelsea/ma | revere/ma | dedham/ma | needham/ma
    | lexington/ma | burlington/ma | framingham/ma
seattle (wa, us): bellevue/wa | redmond/wa | kirkland/wa | bothell/wa | renton/wa | issaquah/wa | shoreline/wa
    | kent/wa | lynnwood/wa | everett/wa | tacoma/wa
austin (tx, us): round rock/tx | cedar park/tx | pflugerville/tx | georgetown/tx | leander/tx | san marcos/tx
    | kyle/tx | buda/tx | lakeway/tx
chicago (il, us): evanston/il | oak park/il | naperville/il | schaumburg/il | skokie/il | aurora/il
    | joliet/il | elgin/il | oak brook/il | cicero/il | des plaines/il | arlington heights/il | wilmette/il
denver (co, us): aurora/co | lakewood/co | englewood/co | littleton/co | arvada/co | westminster/co
    | thornton/co | centennial/co | golden/co | broomfield/co | highlands ranch/co
los angeles (ca, us): santa monica/ca | pasadena/ca | burbank/ca | glendale/ca | long beach/ca
    | culver city/ca | inglewood/ca | torrance/ca | west hollywood/ca | beverly hills/ca | el segundo/ca
washington (dc, us): arlington/va | alexandria/va | bethesda/md | silver spring/md | rockville/md | tysons/va
    | reston/va
toronto (on, ca): mississauga/on | brampton/on | markham/on | vaughan/on | richmond hill/on | oakville/on
    | scarborough/on | etobicoke/on | north york/on | pickering/on | ajax/on
vancouver (bc, ca): burnaby/bc | surrey/bc | richmond/bc | north vancouver/bc | coquitlam/bc
montreal (qc, ca): laval/qc | longueuil/qc
london (england, gb): croydon/england | wembley/england | islington/england | hackney/england | camden/england
    | greenwich/england | kingston upon thames/england | harrow/england | ealing/england | hammersmith/england
    | shoreditch/england | canary wharf/england | stratford/england | richmond/england
berlin (be, de): potsdam/bb | spandau/be | charlottenburg/be | kreuzberg/be | neukolln/be | friedrichshain/be
    | prenzlauer berg/be
paris (, fr): boulogne billancourt/ | la defense/ | saint denis/ | montreuil/ | neuilly sur seine/
    | issy les moulineaux/
amsterdam (, nl): amstelveen/ | haarlem/ | zaandam/ | hoofddorp/
delhi (, in): noida/ | gurgaon/ | gurugram/ | faridabad/ | ghaziabad/
mumbai (mh, in): thane/mh | navi mumbai/mh
sydney (nsw, au): parramatta/nsw | north sydney/nsw | chatswood/nsw
tel aviv (, il): ramat gan/ | herzliya/ | petah tikva/
"""


def _metros(table: str) -> dict[str, list[tuple[str, str, str]]]:
    """{town: [(hub, town's region or "", country)]}; every hub also maps to itself."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    lines: list[str] = []
    for raw in table.strip().splitlines():  # a line starting with "|" continues the one before
        if raw.strip().startswith("|") and lines:
            lines[-1] += " " + raw.strip()
        else:
            lines.append(raw.strip())
    for line in lines:
        head, _, towns = line.partition(":")
        hub, _, where = head.partition("(")
        hub = hub.strip()
        hub_region, _, country = where.rstrip(") ").partition(",")
        out.setdefault(hub, []).append((hub, hub_region.strip(), country.strip()))
        for entry in towns.split("|"):
            town, _, region = entry.strip().partition("/")
            out.setdefault(town.strip(), []).append((hub, region.strip(), country.strip()))
    return out


METRO_TOWNS: dict[str, list[tuple[str, str, str]]] = _metros(_METRO_TABLE)
