"""What the demo documents say: themes, their vocabularies and trends, and planted concepts.

Every document is written from six *themes* of Scottish health and social care policy. Each
theme has sentence templates and slot fillers that carry its characteristic words, so that a
topic model has something real to find, and a weight that changes with the year around dated
events (:func:`theme_weight`). Concept mentions (co-production, co-creation, co-design) are
planted in their own templates at a rate per 100 sentences that changes with year and
document type (:func:`concept_rate`); the generator counts every variant it plants.

All functions take an explicit ``random.Random`` so that the corpus is reproducible.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

THEMES = (
    "integration",
    "self_directed_support",
    "community_empowerment",
    "prevention",
    "workforce",
    "pandemic",
)
CONCEPTS = ("co-creation", "co-design", "co-production")
DOC_TYPES = ("government", "third_sector", "audit")

#: The regular expressions that define a mention of each concept in the true text (case is
#: ignored). The generator checks that its own tally of planted variants equals these counts.
CONCEPT_PATTERNS = {
    "co-production": re.compile(r"\bco[-\s]?produc(?:tion|e|ed|ing)\b", re.IGNORECASE),
    "co-creation": re.compile(r"\bco[-\s]?creat(?:ion|e|ed|ing)\b", re.IGNORECASE),
    "co-design": re.compile(r"\bco[-\s]?design(?:ed|ing)?\b", re.IGNORECASE),
}

#: Spellings and inflections planted for each concept, by grammatical slot, with weights.
CONCEPT_FORMS: dict[str, dict[str, Sequence[tuple[str, int]]]] = {
    "co-production": {
        "noun": (
            ("co-production", 6),
            ("coproduction", 2),
            ("co production", 1),
            ("Co-Production", 1),
        ),
        "verb": (("co-produce", 1),),
        "past": (("co-produced", 1),),
        "gerund": (("co-producing", 1),),
    },
    "co-creation": {
        "noun": (("co-creation", 3), ("cocreation", 1)),
        "verb": (("co-create", 1),),
        "past": (("co-created", 1),),
        "gerund": (("co-creating", 1),),
    },
    "co-design": {
        "noun": (("co-design", 3), ("codesign", 1)),
        "verb": (("co-design", 1),),
        "past": (("co-designed", 1),),
        "gerund": (("co-designing", 1),),
    },
}


# -- trends ---------------------------------------------------------------------------------
def ramp(year: int, start: int, end: int, before: float, after: float) -> float:
    """A value that is ``before`` up to ``start``, ``after`` from ``end``, linear between.

    >>> ramp(2012, 2010, 2014, 1.0, 3.0)
    2.0
    """
    if year <= start:
        return before
    if year >= end:
        return after
    return before + (after - before) * (year - start) / (end - start)


def theme_weight(theme: str, year: int, doc_type: str) -> float:
    """The relative weight of a theme in a document of ``doc_type`` published in ``year``.

    * integration rises from 2013 to 2016 (Public Bodies (Joint Working) Act 2014; integration
      authorities live from April 2016), strongest in audit reports.
    * self-directed support rises from 2010 to 2014 (national strategy 2010, SDS Act 2013 in
      force 2014), then eases off.
    * community empowerment rises from 2014 to 2016 (Community Empowerment Act 2015), higher
      in third-sector documents.
    * prevention steps up after the 2011 Christie Commission and dips in the pandemic years.
    * workforce is steady, doubled in audit reports, and grows after 2020.
    * pandemic is absent before 2020, peaks in 2020-2021 and fades by 2024.
    """
    if theme == "integration":
        weight = ramp(year, 2013, 2016, 0.8, 4.0)
        return weight * (1.5 if doc_type == "audit" else 1.0)
    if theme == "self_directed_support":
        weight = (
            ramp(year, 2010, 2014, 0.8, 3.5) if year <= 2016 else ramp(year, 2016, 2022, 3.5, 1.8)
        )
        return weight * (1.3 if doc_type == "third_sector" else 1.0)
    if theme == "community_empowerment":
        weight = ramp(year, 2014, 2016, 1.2, 3.5)
        return weight * (1.6 if doc_type == "third_sector" else 1.0)
    if theme == "prevention":
        weight = ramp(year, 2010, 2012, 1.8, 3.2)
        return weight * (0.6 if year in (2020, 2021) else 1.0)
    if theme == "workforce":
        weight = ramp(year, 2019, 2022, 2.0, 3.2)
        return weight * (2.2 if doc_type == "audit" else 1.0)
    if theme == "pandemic":
        return {2020: 6.0, 2021: 5.0, 2022: 3.0, 2023: 1.5, 2024: 0.8}.get(year, 0.0)
    raise ValueError(f"unknown theme {theme!r}")


def concept_rate(concept: str, year: int, doc_type: str) -> float:
    """Expected planted mentions of ``concept`` per 100 body sentences.

    * co-production is rare before the Christie Commission (June 2011) and rises steadily
      after it, twice as common in third-sector documents and less common in audit reports.
    * co-design is rare until 2016 and rises after the Health and Social Care Delivery Plan
      (2016) and the Feeley review (2021).
    * co-creation is absent before 2015 and stays rare, rising a little from 2018.
    """
    by_type = {"government": 1.0, "third_sector": 2.0, "audit": 0.6}[doc_type]
    if concept == "co-production":
        return ramp(year, 2011, 2019, 0.4, 5.0) * by_type
    if concept == "co-design":
        return ramp(year, 2016, 2023, 0.2, 3.5) * (1.3 if doc_type == "third_sector" else 1.0)
    if concept == "co-creation":
        return 0.0 if year < 2015 else ramp(year, 2018, 2024, 0.15, 1.0)
    raise ValueError(f"unknown concept {concept!r}")


# -- vocabulary -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Theme:
    """A theme's words: sentence templates, slot fillers, headings and title label."""

    name: str
    label: str
    headings: tuple[str, ...]
    templates: tuple[str, ...]
    slots: dict[str, tuple[str, ...]]
    characteristic: tuple[str, ...]


COMMON_SLOTS: dict[str, tuple[str, ...]] = {
    "commit": ("will", "should", "must", "are expected to", "have agreed to", "need to"),
    "commit_s": ("will", "should", "must", "is expected to", "needs to"),
    "partners": (
        "local authorities",
        "health boards",
        "partners",
        "public bodies",
        "third sector organisations",
        "providers",
        "community planning partners",
    ),
    "people": (
        "people who use services",
        "unpaid carers",
        "older people",
        "disabled people",
        "families",
        "people with lived experience",
        "local communities",
    ),
    "improve": ("improve", "strengthen", "support", "develop", "sustain", "accelerate"),
    "evidence": (
        "The evidence shows that",
        "Our findings suggest that",
        "There is growing recognition that",
        "Stakeholders told us that",
        "It is clear that",
        "Experience across Scotland shows that",
    ),
}

THEME_LIST: tuple[Theme, ...] = (
    Theme(
        name="integration",
        label="Health and Social Care Integration",
        headings=(
            "Integrating health and social care",
            "Integration authorities",
            "Strategic commissioning",
            "Shifting the balance of care",
            "Locality planning",
        ),
        templates=(
            "{Body} {commit} {aim} through {instrument}.",
            "{evidence} {body} have made uneven progress in {aim_ing}.",
            "Integration is about ensuring that {people} receive joined-up care that is "
            "co-ordinated around their needs.",
            "{Instrument} remain central to the work of {body}, but {aim_ing} requires "
            "stronger shared leadership.",
            "Health and social care partnerships {commit} {aim} and report on the national "
            "health and wellbeing outcomes.",
            "Delayed discharge from hospital remains a key measure of whether integrated "
            "services are working.",
            "{Body} control delegated budgets for adult social care, community health services "
            "and some hospital services.",
            "Joint working between health boards and councils {commit_s} move beyond structural "
            "change to {aim}.",
            "Integration joint boards set the direction for services, while health boards and "
            "councils deliver them.",
            "The Ministerial Strategic Group found that {body} need clearer governance and "
            "better use of data.",
            "Financial planning across the partnership remains short term, which limits {aim_ing}.",
            "Anticipatory care and hospital at home services help to {aim}.",
        ),
        slots={
            "body": (
                "integration authorities",
                "integration joint boards",
                "health and social care partnerships",
                "integrated partnerships",
            ),
            "aim": (
                "shift the balance of care towards the community",
                "reduce delayed discharge from hospital",
                "plan services around localities",
                "deliver seamless, integrated care",
                "pool budgets across health and social care",
            ),
            "aim_ing": (
                "shifting the balance of care",
                "reducing unplanned hospital admissions",
                "planning services around localities",
                "delivering seamless, integrated care",
            ),
            "instrument": (
                "strategic commissioning plans",
                "pooled budgets",
                "locality plans",
                "delegated functions",
                "joint performance frameworks",
            ),
            "object": ("locality plans", "strategic commissioning plans", "integrated services"),
        },
        characteristic=(
            "integration",
            "integrated",
            "partnerships",
            "commissioning",
            "delegated",
            "locality",
            "pooled",
            "hospital",
            "discharge",
            "joint",
        ),
    ),
    Theme(
        name="self_directed_support",
        label="Self-directed Support",
        headings=(
            "Self-directed support",
            "Choice and control",
            "Personalisation",
            "Personal budgets and direct payments",
        ),
        templates=(
            "Self-directed support gives {people} choice and control over {support}.",
            "{Partners} {commit} make sure that the four options of self-directed support are "
            "explained clearly to {people}.",
            "{evidence} personal budgets and direct payments can increase independence and "
            "flexibility.",
            "Personalisation means that {support} are shaped around the outcomes that matter "
            "to the individual.",
            "Too often, {people} are offered a fixed menu of services rather than a genuine "
            "choice of {support}.",
            "Outcomes-focused assessment {commit_s} be the starting point for every "
            "conversation about {support}.",
            "An individual budget allows a person to arrange {support} in the way that suits "
            "them best.",
            "Social workers {commit} have the time and the authority to agree flexible support "
            "plans with {people}.",
            "Take-up of direct payments varies widely between council areas.",
            "The Self-directed Support Act places a duty on councils to offer {people} four "
            "options for {support}.",
            "Eligibility criteria and charging policies can restrict the choice that "
            "self-directed support promises.",
            "Independent advice and advocacy help {people} make informed choices about {support}.",
        ),
        slots={
            "support": (
                "their care and support",
                "support plans",
                "personal assistants",
                "social care services",
                "short breaks",
            ),
            "object": ("support plans", "personal outcomes", "local support options"),
        },
        characteristic=(
            "self-directed",
            "choice",
            "control",
            "personalisation",
            "budgets",
            "payments",
            "individual",
            "outcomes-focused",
            "independence",
            "flexible",
        ),
    ),
    Theme(
        name="community_empowerment",
        label="Community Empowerment",
        headings=(
            "Community empowerment",
            "Participation and engagement",
            "Local democracy",
            "Working with communities",
        ),
        templates=(
            "Community empowerment means that {groups} have a real say in {decisions}.",
            "Participation requests give {groups} a route into {decisions}.",
            "{Partners} {commit} support community-led action through asset transfer and "
            "participatory budgeting.",
            "{evidence} meaningful engagement builds trust between {groups} and public bodies.",
            "Community planning partnerships {commit} involve {groups} in setting local "
            "priorities.",
            "The National Standards for Community Engagement set out how public bodies should "
            "involve {groups}.",
            "Local democracy is strengthened when {groups} can shape {decisions}.",
            "Participatory budgeting has given {groups} direct influence over local spending.",
            "Asset transfer requests allow {groups} to take on land and buildings that public "
            "bodies no longer need.",
            "Engagement {commit_s} start early, be inclusive and make clear what can change as a "
            "result.",
            "Community-led regeneration has helped {groups} to tackle local priorities on their "
            "own terms.",
            "People are more likely to take part when they can see that their views shape "
            "{decisions}.",
        ),
        slots={
            "groups": (
                "community groups",
                "local residents",
                "community councils",
                "tenants and residents associations",
                "communities of interest",
            ),
            "decisions": (
                "decisions that affect them",
                "how local services are run",
                "the use of public land and buildings",
                "local outcome improvement plans",
            ),
            "object": ("local priorities", "community-led projects", "neighbourhood plans"),
        },
        characteristic=(
            "community",
            "empowerment",
            "participation",
            "engagement",
            "residents",
            "democracy",
            "participatory",
            "asset",
            "local",
            "councils",
        ),
    ),
    Theme(
        name="prevention",
        label="Prevention and Public Health",
        headings=(
            "Prevention and early intervention",
            "Tackling health inequalities",
            "Public health priorities",
            "Promoting wellbeing",
        ),
        templates=(
            "{Partners} {commit} shift resources towards prevention and early intervention.",
            "Preventative spending today reduces the demand for acute services tomorrow.",
            "Health inequalities remain stubborn, and {group} continue to experience poorer "
            "outcomes.",
            "{evidence} early intervention with {group} can prevent crisis later in life.",
            "Public health priorities include mental wellbeing, healthy weight and reducing "
            "the harm caused by alcohol and drugs.",
            "A preventative approach {commit_s} address the social determinants of health, "
            "including poverty, housing and employment.",
            "Screening, immunisation and anticipatory care planning help people to stay well "
            "for longer.",
            "Investment in prevention {commit_s} be protected even when budgets are under "
            "pressure.",
            "Poverty, poor housing and insecure work drive much of the demand on health services.",
            "Early years support offers the greatest return on preventative investment.",
            "{Partners} {commit} use population health data to target prevention where it is "
            "most needed.",
            "Mental wellbeing and physical activity are central to a healthier Scotland.",
        ),
        slots={
            "group": (
                "people living in deprived areas",
                "children and young people",
                "people with long-term conditions",
                "older people living alone",
            ),
            "object": (
                "early intervention services",
                "anticipatory care plans",
                "wellbeing programmes",
            ),
        },
        characteristic=(
            "prevention",
            "preventative",
            "early",
            "intervention",
            "inequalities",
            "wellbeing",
            "public",
            "screening",
            "poverty",
            "anticipatory",
        ),
    ),
    Theme(
        name="workforce",
        label="The Social Care Workforce",
        headings=(
            "Workforce and resources",
            "Financial sustainability",
            "Recruitment and retention",
            "Budgets and spending",
        ),
        templates=(
            "Recruitment and retention of {staff} remain a serious risk to service delivery.",
            "{Partners} {commit} produce workforce plans that match staffing to future demand.",
            "Spending on adult social care has risen, but budgets have not kept pace with demand.",
            "{evidence} vacancy rates among {staff} are higher than in other sectors.",
            "Fair work, including the real living wage, {commit_s} be extended to {staff}.",
            "Financial sustainability depends on efficiency savings and on redesigning "
            "services around need.",
            "Training and professional development help to retain {staff} and improve quality.",
            "Reserves are being used to balance budgets, which is not sustainable in the "
            "medium term.",
            "Agency staffing costs have grown as vacancies have become harder to fill.",
            "{Partners} {commit} value {staff} through better pay, conditions and career "
            "progression.",
            "Medium-term financial plans are needed to show how spending will match demand.",
            "Staff wellbeing and workload pressures were raised in every area we visited.",
        ),
        slots={
            "staff": (
                "care workers",
                "social workers",
                "nursing staff",
                "the social care workforce",
                "support workers",
            ),
            "object": ("workforce plans", "training programmes", "new career pathways"),
        },
        characteristic=(
            "workforce",
            "recruitment",
            "retention",
            "staff",
            "budgets",
            "spending",
            "financial",
            "vacancy",
            "training",
            "sustainability",
        ),
    ),
    Theme(
        name="pandemic",
        label="Covid-19 Response and Recovery",
        headings=(
            "Response to Covid-19",
            "Remobilisation and recovery",
            "Lessons from the pandemic",
            "Care homes during the pandemic",
        ),
        templates=(
            "The Covid-19 pandemic placed unprecedented pressure on {setting}.",
            "During lockdown, {setting} adapted quickly to deliver support remotely.",
            "{evidence} the pandemic deepened existing inequalities.",
            "Remobilisation plans {commit} balance the recovery of services with the risk of "
            "further waves of infection.",
            "Testing, vaccination and personal protective equipment were critical in "
            "protecting residents and staff in care homes.",
            "Recovery from the pandemic {commit_s} build on the flexibility and partnership "
            "working seen in {setting}.",
            "Visiting restrictions in care homes had a profound effect on residents and their "
            "families.",
            "The backlog of planned care that built up during the pandemic will take years to "
            "clear.",
            "Digital consultations expanded rapidly during lockdown and are likely to remain.",
            "Test and Protect relied on close working between public health teams and {setting}.",
            "Unpaid carers took on more caring during the pandemic, often without a break.",
            "Lessons from Covid-19 {commit} inform planning for future public health emergencies.",
        ),
        slots={
            "setting": (
                "care homes",
                "community health services",
                "social care providers",
                "unpaid carers",
                "hospitals",
            ),
            "object": ("recovery plans", "remobilisation plans", "new models of care"),
        },
        characteristic=(
            "pandemic",
            "covid-19",
            "lockdown",
            "recovery",
            "remobilisation",
            "vaccination",
            "homes",
            "infection",
            "testing",
            "restrictions",
        ),
    ),
)
THEME_BY_NAME = {theme.name: theme for theme in THEME_LIST}

#: Concept sentences by grammatical slot: {noun}, {verb}, {past} or {gerund} takes a planted
#: form (capitalised as {Noun}), {object} comes
#: from the paragraph's theme.
CONCEPT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "noun": (
        "{Partners} {commit} embed {noun} in the way that {object} are planned and delivered.",
        "A commitment to {noun} runs through our approach to {object}.",
        "{evidence} {noun} with {people} leads to better outcomes.",
        "{Noun} means working alongside {people} as equal partners.",
        "Staff told us that {noun} takes time, trust and resources.",
        "The principles of {noun} should inform {object}.",
    ),
    "verb": (
        "We will {verb} {object} with {people}.",
        "{Partners} have agreed to {verb} {object} with {people}.",
    ),
    "past": (
        "{Object} were {past} with {people} and staff.",
        "The new approach was {past} with {people}.",
    ),
    "gerund": (
        "{Partners} are {gerund} {object} with {people}.",
        "By {gerund} {object} with {people}, partners can make better use of resources.",
    ),
}

GENERIC_HEADINGS = ("Introduction", "Background", "Key messages", "Next steps", "Conclusion")

_SLOT = re.compile(r"\{(\w+)\}")


def weighted_choice(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    """Pick one option by weight (weights need not sum to one)."""
    total = sum(weight for _, weight in options)
    point = rng.random() * total
    for option, weight in options:
        point -= weight
        if point < 0:
            return option
    return options[-1][0]


def fill(template: str, rng: random.Random, slots: dict[str, Sequence[str]]) -> str:
    """Fill ``{slot}`` fields from ``slots``; a capitalised field name capitalises its value."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        value = rng.choice(slots[name.lower()])
        return value[:1].upper() + value[1:] if name[:1].isupper() else value

    return _SLOT.sub(replace, template)


OPENERS = (
    "In addition,",
    "However,",
    "At the same time,",
    "Across Scotland,",
    "In practice,",
    "As a result,",
    "More broadly,",
    "Locally,",
)
TAILS = (
    ", particularly in rural and island areas",
    ", as this report sets out",
    " across Scotland",
    " over the coming years",
    ", in line with national policy",
)
#: First words that keep their capital after an opener.
_PROPER_STARTS = {"Covid-19", "Test"}


def vary(rng: random.Random, sentence: str) -> str:
    """Sometimes add a linking opener or a trailing phrase, so sentences repeat less."""
    roll = rng.random()
    if roll < 0.15:
        first, _, rest = sentence.partition(" ")
        if first not in _PROPER_STARTS:
            first = first[:1].lower() + first[1:]
        return f"{rng.choice(OPENERS)} {first} {rest}"
    if roll < 0.25:
        return sentence[:-1] + rng.choice(TAILS) + sentence[-1]
    return sentence


def theme_sentence(rng: random.Random, theme: Theme, *, used: set[str] | None = None) -> str:
    """One sentence in the voice of ``theme``, avoiding templates in ``used`` if it can."""
    template = rng.choice(theme.templates)
    for _ in range(5):
        if used is None or template not in used:
            break
        template = rng.choice(theme.templates)
    if used is not None:
        used.add(template)
    slots = {**COMMON_SLOTS, **theme.slots}
    return vary(rng, fill(template, rng, slots))


def concept_sentence(rng: random.Random, theme: Theme, concept: str) -> str:
    """One sentence planting exactly one mention of ``concept`` in ``theme``'s context."""
    forms = CONCEPT_FORMS[concept]
    slot_kind = weighted_choice(rng, (("noun", 6), ("verb", 1.5), ("past", 1.5), ("gerund", 1)))
    form = weighted_choice(rng, forms[slot_kind])
    template = rng.choice(CONCEPT_TEMPLATES[slot_kind])
    slots = {**COMMON_SLOTS, **theme.slots, slot_kind: (form,)}
    return fill(template, rng, slots)
