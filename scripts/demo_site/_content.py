"""The demo world: a fictional think tank, its people and its publications. All prose is our own fiction.

The Center for Northern Atlantic Studies writes about the Northern Seas: Kaldmark (a mainland state), the
Orran Islands (an archipelago and energy hub), Vessland (a small coastal state), the Northern Compact (their
nine-member alliance) and the Drevan Federation (a revisionist neighbour to the east). The Hollin Gap is the
strait between Orran and Kaldmark; the February 2026 "Orran blackout" followed two cut seabed cables.

Paragraph mini-markup (rendered by ``_build``): ``*em*``, ``**strong**``, ``[^n]`` an endnote marker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SITE_NAME = "Center for Northern Atlantic Studies"


@dataclass(frozen=True)
class Person:
    slug: str
    name: str  # as printed in bylines
    role: str
    bio: tuple[str, ...] = ()
    has_page: bool = True  # False: bylines use span.contributor (no profile link)


@dataclass(frozen=True)
class Program:
    slug: str
    name: str
    description: tuple[str, ...]


@dataclass
class Publication:
    slug: str
    kind: str  # "commentary" | "report" | "podcast"
    title: str
    published: date
    authors: tuple[str, ...]  # Person slugs
    program: str  # Program slug
    body: tuple[str, ...]
    outlet: str | None = None  # Outlet slug, for pieces that ran elsewhere
    follow: str | None = None  # OutletArticle key of the full article
    follow_style: str = "from"  # "from": anchor on the outlet name; "more-in": whole sentence
    legacy: bool = False  # the about-2019 Craft markup (zero-padded date, title group)
    episode: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        section = {"commentary": "commentary", "report": "reports", "podcast": "podcast"}[self.kind]
        return f"/publications/{section}/{self.slug}"

    @property
    def type_label(self) -> str:
        return {"commentary": "Commentary", "report": "Reports", "podcast": "Podcast"}[self.kind]


PEOPLE: dict[str, Person] = {
    p.slug: p
    for p in [
        Person(
            "maren-holt",
            "Dr. Maren Holt",
            "Senior Fellow and Director, Maritime Security Program",
            (
                "Dr. Maren Holt directs the Maritime Security Program at the Center for Northern Atlantic Studies, "
                "where she writes about seabed infrastructure, naval presence and the coast guards of the Northern Seas.",
                "Before joining the Center she spent eleven years in the Kaldmark Ministry of Transport, the last four "
                "as head of its port security directorate, and she sat on the Northern Compact’s first working group on "
                "undersea cables. She holds a doctorate in maritime law from the University of Sundmere.",
                "Her current work asks how small navies can protect large, quiet systems: cables, pipelines and the "
                "energy islands now rising off the Orran coast.",
            ),
        ),
        Person(
            "tobias-arkwright",
            "Tobias Arkwright",
            "Fellow, Defense Technology Program",
            (
                "Tobias Arkwright is a Fellow in the Defense Technology Program, where he studies uncrewed systems, "
                "sensing networks and the budgets that decide which of them ever leave the test range.",
                "He was previously a systems engineer on the Vessland coastal radar modernisation and an analyst at a "
                "procurement watchdog. He writes the Center’s occasional series on “boring technology that wins.”",
            ),
        ),
        Person(
            "daniel-okafor",
            "Col. Daniel Okafor, USA (Ret.)",
            "Adjunct Senior Fellow, Alliances & Statecraft Program",
            (
                "Col. Daniel Okafor, USA (Ret.), is an Adjunct Senior Fellow in the Alliances & Statecraft Program. He "
                "served twenty-six years in the U.S. Army, including two tours as a liaison officer to the Northern "
                "Compact’s combined planning staff in Vardhavn.",
                "His research covers alliance logistics, burden-sharing and the unglamorous treaties that let allied "
                "armies borrow each other’s fuel, spare parts and railways.",
            ),
        ),
        Person(
            "ines-valcourt",
            "Ines Valcourt",
            "Senior Fellow, Energy Security Program",
            (
                "Ines Valcourt is a Senior Fellow in the Energy Security Program. She studies grids, fuel reserves and "
                "the offshore wind hubs that have made the Orran Islands the battery of the Northern Seas.",
                "She previously led market analysis at the Orran Grid Authority and advised the Compact’s energy "
                "resilience committee. Her book on the politics of interconnectors appeared in 2024.",
            ),
        ),
        Person(
            "priya-ramanathan",
            "Priya Ramanathan",
            "Research Associate, Defense Technology Program",
            (
                "Priya Ramanathan is a Research Associate in the Defense Technology Program, where she works on the "
                "testing, certification and record-keeping of autonomous systems.",
                "She joined the Center from a graduate programme in systems safety and has written on software "
                "assurance for uncrewed surface vessels.",
            ),
        ),
        Person("leif-sandvik", "Leif Sandvik", "Research Assistant, Maritime Security Program", has_page=False),
        Person("hana-lindqvist", "Hana Lindqvist", "Visiting Scholar, Alliances & Statecraft Program", has_page=False),
    ]
}

PROGRAMS: dict[str, Program] = {
    p.slug: p
    for p in [
        Program(
            "maritime-security",
            "Maritime Security",
            (
                "The Maritime Security Program studies the Northern Seas as a working system: shipping lanes, ports, "
                "seabed cables and pipelines, and the navies and coast guards that keep them open.",
                "Its current projects cover undersea infrastructure protection, icebreaking capacity and the legal "
                "grey zone between peacetime policing and naval defence.",
            ),
        ),
        Program(
            "alliances",
            "Alliances & Statecraft",
            (
                "The Alliances & Statecraft Program examines how the nine members of the Northern Compact plan, pay "
                "and fight together, and how the Compact deals with the Drevan Federation.",
                "Its work ranges from burden-sharing arithmetic to the logistics treaties that rarely make headlines.",
            ),
        ),
        Program(
            "defense-technology",
            "Defense Technology",
            (
                "The Defense Technology Program looks at the technologies that change what small militaries can do: "
                "cheap drones, sensor networks, autonomy and the software that binds them.",
                "It favours evidence from test ranges and budgets over announcements.",
            ),
        ),
        Program(
            "energy-security",
            "Energy Security",
            (
                "The Energy Security Program studies the grids, interconnectors, fuel reserves and offshore energy "
                "islands that keep the Northern Seas’ economies running, and what it takes to defend them.",
            ),
        ),
    ]
}


P = Publication
D = date

PUBLICATIONS: list[Publication] = [
    P(
        "ep-31-who-guards-the-seabed",
        "podcast",
        "Northern Lines, Episode 31: Who Guards the Seabed?",
        D(2026, 6, 4),
        ("maren-holt", "leif-sandvik"),
        "maritime-security",
        (
            "Two months after the Orran blackout, Maren Holt and Leif Sandvik sit down to ask the question nobody "
            "in the Compact likes to answer: when a cable is cut in international waters, whose job is it to find "
            "out who did it, and whose job is it to stop the next one?",
            "They walk through the night of the outage hour by hour, from the first alarm at the Brisk Bank "
            "converter station to the repair ship that waited four days for a weather window. Holt argues that the "
            "gap is not technology but jurisdiction: coast guards own the sea surface, navies own the threat, and "
            "the seabed belongs, in practice, to whoever is watching.",
            "Sandvik brings the numbers from the Center’s new report, including the share of Northern Seas cable "
            "faults that are never attributed at all, and the two of them close with a listener question about "
            "whether fishing trawlers should carry seabed sensors.",
            "**In this episode:** the Orran blackout timeline (02:10); why attribution takes weeks (11:45); the "
            "jurisdiction problem (19:30); sensors on civilian ships (31:05).",
        ),
        episode=31,
    ),
    P(
        "the-compact-needs-a-spare-parts-treaty",
        "commentary",
        "The Compact Needs a Spare-Parts Treaty",
        D(2026, 6, 2),
        ("daniel-okafor",),
        "alliances",
        (
            "Every allied exercise in the Northern Seas ends the same way: with a parade of impressive vehicles and "
            "a quiet list of the ones that could not take part because a single part was stuck in a depot three "
            "borders away. The Northern Compact has spent a decade standardising ammunition. It has spent almost "
            "nothing on standardising the paperwork that moves a gearbox from Vessland to Kaldmark.",
            "That paperwork is not trivial. Under current rules, a spare part owned by one member’s army is a "
            "controlled export the moment it crosses into another’s depot, even when both armies fly the same "
            "helicopter. In last autumn’s *Iron Tern* exercise, planners counted nineteen days between a request "
            "for a rotor component and its arrival. The part itself travelled for less than a day.",
            "A short treaty could fix this: a common pool of spares for shared platforms, owned jointly and "
            "exempt from national export licensing inside Compact territory.",
        ),
        outlet="meridian-defense-daily",
        follow="meridian-spare-parts",
        follow_style="from",
    ),
    P(
        "holding-the-line-beneath-the-waves",
        "report",
        "Holding the Line Beneath the Waves: Undersea Infrastructure Security in the Northern Seas",
        D(2026, 5, 28),
        ("maren-holt", "tobias-arkwright", "priya-ramanathan"),
        "maritime-security",
        (),  # the body lives in _report.py
    ),
    P(
        "energy-islands-are-targets-too",
        "commentary",
        "Energy Islands Are Targets, Too",
        D(2026, 5, 21),
        ("ines-valcourt",),
        "energy-security",
        (
            "When the Orran government opened the Brisk Bank energy island last year, the ceremony was all about "
            "gigawatts: the wind farms it gathers, the four countries it feeds, the coal plants it lets Kaldmark "
            "close. Nobody mentioned that it is also the single most valuable unguarded object in the Northern Seas.",
            "An energy island is a substation on an artificial reef, thirty kilometres from shore, with a dozen "
            "export cables fanning out from it like spokes. It is designed to be maintained, not defended. Its "
            "security plan assumes storms, fires and the occasional protest boat, and it does those well.",
            "The Orran blackout in February showed what happens when the spokes are cut instead. The island kept "
            "spinning; the power had nowhere to go.",
        ),
        outlet="tidewater-review",
        follow="tidewater-energy-islands",
        follow_style="from",
    ),
    P(
        "cheap-drones-expensive-doctrine",
        "commentary",
        "Cheap Drones, Expensive Doctrine",
        D(2026, 5, 14),
        ("tobias-arkwright", "priya-ramanathan"),
        "defense-technology",
        (
            "The Kaldmark army bought four thousand small drones last year for less than the price of one coastal "
            "patrol ship. That is the part of the story that makes headlines. The part that does not is that the "
            "army still has no agreed answer to a simple question: who is allowed to fly them, and under whose orders?",
            "Cheap hardware does not make for cheap capability. A drone that costs as much as a rifle still needs "
            "airspace rules, frequency plans, a way to tell friend from foe and someone who reads the pictures it "
            "sends back. Each of those is a doctrine problem, and doctrine is written by committees that meet "
            "quarterly.",
            "In exercises this spring, drone teams spent more time waiting for clearance than flying. One battalion "
            "commander told us, with some feeling, that his drones were “grounded by a spreadsheet.”",
            "The fix is not more drones. It is to push airspace authority down to the lowest level that can be "
            "trusted with it, to publish a common frequency plan across the Compact, and to train the people who "
            "interpret the imagery as seriously as the people who fly. Those choices cost almost nothing. They are "
            "simply harder than buying hardware.",
        ),
    ),
    P(
        "ep-30-the-price-of-a-frigate",
        "podcast",
        "Northern Lines, Episode 30: The Price of a Frigate",
        D(2026, 5, 12),
        ("daniel-okafor", "hana-lindqvist"),
        "alliances",
        (
            "Why does a frigate cost what it costs, and why does the price double between the first press release "
            "and the launch? Col. Daniel Okafor and visiting scholar Hana Lindqvist open the books on the "
            "Compact’s shipbuilding plans.",
            "They compare Kaldmark’s new frigate class with the Vessland coastal corvette, explain why the "
            "expensive part of a warship is rarely the steel, and argue about whether the alliance should build "
            "fewer, larger ships or many small ones.",
            "**In this episode:** what a frigate is for (01:30); the cost curve (09:15); crews as the real "
            "constraint (22:40); a bet on 2030 (35:10).",
        ),
        episode=30,
    ),
    P(
        "kaldmarks-quiet-rearmament",
        "commentary",
        "Kaldmark’s Quiet Rearmament",
        D(2026, 5, 7),
        ("hana-lindqvist",),
        "alliances",
        (
            "Kaldmark does not announce its defence decisions so much as let them accumulate. A new reserve law "
            "here, a reopened air base there, a procurement line that grows by a few percent every year without a "
            "single press conference. Added up over five years, the result is the largest rearmament in the "
            "Northern Seas since the Compact was founded.",
            "The quiet is deliberate. Kaldmark’s leaders believe that loud rearmament invites a loud answer from "
            "the Drevan Federation, while steady, unremarkable growth does not. So far they appear to be right.",
        ),
        outlet="meridian-defense-daily",
        follow="meridian-kaldmark",
        follow_style="more-in",
    ),
    P(
        "what-the-orran-blackout-taught-us",
        "commentary",
        "What the Orran Blackout Taught Us",
        D(2026, 4, 29),
        ("ines-valcourt", "leif-sandvik"),
        "energy-security",
        (
            "For nineteen hours in February, most of the Orran Islands had no mains power. Hospitals ran on "
            "generators, ferries stayed in port, and the capital’s water pumps were kept going by a borrowed "
            "diesel barge. Two seabed cables had failed within an hour of each other, forty kilometres apart.",
            "The investigation is not finished, and we will not guess at its conclusions. But three lessons are "
            "already clear. First, redundancy on paper is not redundancy at sea: the two “independent” cables "
            "shared a landing site and a repair ship. Second, the grid recovered faster than the public "
            "information did; rumours outran the operators for most of a day. Third, the cost of prevention is "
            "small next to the cost of a day without power, and no one had counted either.",
            "Orran has since ordered a second repair vessel and split its cable landings. Its neighbours, with "
            "similar grids and similar assumptions, have so far ordered studies.",
        ),
    ),
    P(
        "a-coast-guard-is-not-a-navy",
        "commentary",
        "A Coast Guard Is Not a Navy, and That Is the Point",
        D(2026, 4, 9),
        ("maren-holt",),
        "maritime-security",
        (
            "Every few months someone in the Compact proposes giving the coast guards more guns. The logic seems "
            "sound: coast guards are already at sea, they know the waters, and the threats to cables and pipelines "
            "arrive looking like civilian ships. Why not arm the people who meet them?",
            "Because the coast guard’s value lies precisely in not being a navy. A coast guard cutter can board a "
            "suspicious trawler, inspect its anchor chain and write a report that a court will read. A warship "
            "doing the same thing starts a diplomatic incident.",
        ),
        outlet="tidewater-review",
        follow="tidewater-coast-guard",
        follow_style="more-in",
        legacy=True,
    ),
    P(
        "software-defined-deterrence",
        "report",
        "Software-Defined Deterrence: Testing Autonomy Before It Is Needed",
        D(2026, 4, 16),
        ("tobias-arkwright",),
        "defense-technology",
        (
            "The armed forces of the Northern Compact now field more uncrewed systems than crewed aircraft. Most "
            "were bought quickly, tested briefly and certified under rules written for equipment that does not "
            "change after delivery. Software-defined systems change every month.",
            "This report argues that the Compact’s next advantage will come less from buying autonomy than from "
            "testing it well: building shared ranges, shared data and shared rules for when an update is safe to "
            "field.",
            "**Findings.** Across the five members we surveyed, the average time to certify a software update for "
            "an uncrewed system was eleven weeks. The average time between updates was six. In other words, most "
            "fielded systems run software that was never certified in the configuration they actually use.",
            "**Why it matters.** An untested update is a liability in peacetime and a gamble in war. Commanders "
            "who do not trust their systems will not use them, and an adversary who learns that an alliance’s "
            "drones behave differently after every patch will learn to wait for the patch.",
            "**Recommendations.** The Compact should fund a shared test range in the Hollin Gap with common "
            "instrumentation; adopt a tiered certification scheme that separates safety-critical changes from "
            "routine ones; and require every update to carry a machine-readable change record, so that testers "
            "know what changed before they test it.",
            "None of these steps is expensive. Together they would turn autonomy from a procurement line into a "
            "capability that commanders can trust.",
        ),
    ),
    P(
        "burden-sharing-by-the-numbers",
        "commentary",
        "Burden-Sharing by the Numbers",
        D(2026, 4, 8),
        ("daniel-okafor", "ines-valcourt", "maren-holt"),
        "alliances",
        (
            "The Compact’s spending target, two and a half percent of national income on defence, is the most "
            "quoted number in the alliance and one of the least useful. It counts pensions as defence and "
            "icebreakers as not. It rewards a member for buying a tank it cannot crew.",
            "We tried a different count. For each member we added what it spends on forces actually assigned to "
            "Compact plans, on the infrastructure those forces need (ports, fuel, rail), and on the civilian "
            "systems the plans assume will keep working, such as grids and cables. The ranking changes sharply. "
            "Vessland, a perennial laggard on the headline figure, comes third. One of the Compact’s loudest "
            "spenders falls to seventh.",
            "No single number will settle the burden-sharing argument. But the alliance would argue better if it "
            "counted the things it actually needs.",
        ),
    ),
    P(
        "ep-29-grid-under-pressure",
        "podcast",
        "Northern Lines, Episode 29: A Grid Under Pressure",
        D(2026, 4, 1),
        ("ines-valcourt",),
        "energy-security",
        (
            "Ines Valcourt talks to the engineers who kept the lights on, or tried to, during the Orran blackout. "
            "What does a grid control room look like when two interconnectors vanish at once, and what do operators "
            "wish the politicians understood?",
            "**In this episode:** the first ten minutes (03:20); islanding the capital (14:05); what a second "
            "repair ship buys (27:50).",
        ),
        episode=29,
    ),
    P(
        "the-hollin-gap-is-back",
        "commentary",
        "The Hollin Gap Is Back",
        D(2026, 3, 25),
        ("maren-holt", "daniel-okafor"),
        "maritime-security",
        (
            "For thirty years the Hollin Gap, the strait between Orran and the Kaldmark coast, was a place that "
            "naval planners mentioned only in history lectures. Submarines no longer needed to pass through it, "
            "and nobody needed to stop them.",
            "That has changed. Drevan submarine patrols through the Gap have tripled since 2023, according to "
            "Compact figures, and the strait now carries four of the region’s seven main power and data cables. "
            "The Gap matters again for the oldest reason in naval strategy: it is narrow, and valuable things pass "
            "through it.",
            "The Compact’s response so far has been to send more ships when something happens. A better answer "
            "would be to watch the Gap continuously, with seabed sensors, a shared picture and a standing "
            "multinational patrol, so that something happening becomes less likely in the first place.",
        ),
    ),
    P(
        "autonomy-needs-a-paper-trail",
        "commentary",
        "Autonomy Needs a Paper Trail",
        D(2026, 3, 18),
        ("priya-ramanathan",),
        "defense-technology",
        (
            "When a crewed patrol boat runs aground, investigators can read the logbook, interview the crew and "
            "reconstruct what happened. When an uncrewed surface vessel does the same, they often find that "
            "nobody recorded which version of the navigation software it was running.",
            "That is not a hypothetical. In two incidents we reviewed from last year, the vessels’ logs were "
            "overwritten during recovery, and the software had been updated twice since the last recorded test. "
            "Nobody was hurt, and nobody could say for sure what went wrong.",
            "Every autonomous system in Compact service should keep a tamper-evident record of its software "
            "version, its configuration and its decisions, and that record should survive the system itself. "
            "Aviation learned this lesson with flight recorders. Autonomy should not have to learn it again.",
        ),
    ),
    P(
        "the-case-for-a-northern-fuel-reserve",
        "commentary",
        "The Case for a Northern Fuel Reserve",
        D(2026, 3, 11),
        ("ines-valcourt",),
        "energy-security",
        (
            "Every Compact war plan assumes that fuel will be where the forces need it. Almost none of them say "
            "where it will come from. Most members hold strategic reserves sized for civilian shortages, stored "
            "inland, and owned by ministries that do not talk to defence planners.",
            "A shared Northern fuel reserve, held near the ports and airfields the plans actually use and "
            "released by a joint decision, would close that gap. It would also give the smaller members, who "
            "cannot afford large reserves of their own, a stake in something that works.",
        ),
    ),
    P(
        "why-alliances-rehearse",
        "commentary",
        "Why Alliances Rehearse",
        D(2026, 3, 4),
        ("daniel-okafor",),
        "alliances",
        (
            "Critics of large exercises call them theatre, and they are partly right: an exercise is a "
            "performance for an audience that includes the adversary. But rehearsal is also how an alliance finds "
            "out what it cannot do before it matters.",
            "The most valuable moment in any exercise I took part in was never the final assault. It was the "
            "second morning, when the logistics plan met reality and the staff discovered which assumptions had "
            "been copied from the previous year’s plan without being checked.",
            "The Compact should keep its big exercises, and add many small, unannounced ones that test the dull "
            "parts: fuel, spares, customs, rail gauges and the phone numbers of people in other ministries.",
        ),
    ),
    P(
        "the-icebreaker-gap",
        "report",
        "The Icebreaker Gap",
        D(2026, 2, 25),
        ("maren-holt", "leif-sandvik"),
        "maritime-security",
        (
            "Between them, the members of the Northern Compact operate fourteen icebreakers. Nine are more than "
            "thirty years old. The Drevan Federation operates twenty-two, and is building six more.",
            "Icebreakers are not warships, but in the northern approaches they decide who can move in winter: "
            "supply ships, repair vessels, coast guard patrols and, in a crisis, naval forces. A shortfall in "
            "icebreaking is a shortfall in everything that depends on it.",
            "**Findings.** At current retirement rates the Compact will have eight working icebreakers by 2032. "
            "Only two new hulls are funded. Crewing is a second constraint: icebreaker crews take years to train, "
            "and two members already report unfilled posts.",
            "**Recommendations.** The Compact should pool icebreaker procurement around a single design; "
            "create a shared winter-operations roster so that ships can be lent across borders; and treat "
            "icebreaking as part of the defence spending target rather than as a transport ministry expense.",
        ),
    ),
    P(
        "sensors-before-shooters",
        "commentary",
        "Sensors Before Shooters",
        D(2026, 2, 18),
        ("tobias-arkwright",),
        "defense-technology",
        (
            "Defence budgets love shooters: missiles, guns and the platforms that carry them. Sensors get what is "
            "left. In the Northern Seas, that order is backwards. Most of the threats the Compact faces today are "
            "not things it needs to destroy but things it needs to see: a trawler loitering over a cable, a "
            "submarine in the Gap, a drone over a port.",
            "A fixed seabed sensor line across the Hollin Gap would cost less than a single frigate and would watch "
            "the strait every hour of every day. The frigate, however capable, can be in only one place.",
            "Buy the eyes first. The shooters will be far more useful once they know where to look.",
        ),
    ),
    P(
        "ep-28-alliance-math",
        "podcast",
        "Northern Lines, Episode 28: Alliance Math",
        D(2026, 2, 11),
        ("daniel-okafor", "maren-holt"),
        "alliances",
        (
            "Col. Daniel Okafor and Dr. Maren Holt take apart the Compact’s spending target and ask what a better "
            "measure of burden-sharing would look like, and why nobody in the alliance wants one.",
            "**In this episode:** how the target was born (02:00); what it leaves out (12:30); a modest proposal "
            "(25:15).",
        ),
        episode=28,
    ),
    P(
        "ports-as-power",
        "commentary",
        "Ports as Power",
        D(2026, 2, 4),
        ("maren-holt",),
        "maritime-security",
        (
            "Navies think about ports as places to rest. Economists think about them as places to trade. The "
            "Drevan Federation has started to think about them as places to own.",
            "Over the past five years, firms linked to Drevan state banks have bought stakes in three container "
            "terminals in the Northern Seas, including one a few kilometres from a Compact naval base. None of "
            "the purchases broke any law. All of them passed investment screening designed for a world in which "
            "ownership of a crane was not a security question.",
            "Compact members should screen port investments as they screen defence firms, and share what they "
            "learn. A terminal is a sensor, a chokepoint and, in a crisis, a lever.",
        ),
    ),
    P(
        "the-tanker-problem",
        "commentary",
        "The Tanker Problem",
        D(2026, 1, 28),
        ("ines-valcourt", "hana-lindqvist"),
        "energy-security",
        (
            "Somewhere in the Northern Seas tonight, a forty-year-old tanker with an unclear owner and unclear "
            "insurance is carrying a full load of crude oil past a coastline it could ruin. The so-called shadow "
            "fleet that moves sanctioned Drevan oil has grown to several hundred ships, and it is getting older.",
            "The risk is not only political. An uninsured spill would fall on the coastal states to clean up, and "
            "a tanker dragging its anchor is as dangerous to a cable as any saboteur.",
            "Coastal states have more tools than they use: insurance checks at the straits, inspections in port "
            "and shared tracking of ships that switch off their transponders. Using them would not end the trade. "
            "It would make it safer for everyone else.",
        ),
    ),
    P(
        "a-new-year-for-the-compact",
        "commentary",
        "A New Year for the Compact",
        D(2026, 1, 21),
        ("daniel-okafor", "tobias-arkwright", "ines-valcourt"),
        "alliances",
        (
            "The Northern Compact enters 2026 richer, better armed and more anxious than at any point in its "
            "history. Three of its colleagues at the Center offer one resolution each.",
            "**Logistics.** Finish the spare-parts and rail agreements that have sat in draft since 2023. They are "
            "worth more than any single platform on the shopping list.",
            "**Technology.** Stop announcing drone programmes and start publishing test results. The alliance’s "
            "credibility rests on systems that work, not systems that exist.",
            "**Energy.** Treat the grid as part of the defence plan. The next crisis in the Northern Seas may "
            "begin with a dark substation rather than a warship.",
        ),
    ),
    P(
        "counting-hulls-is-not-strategy",
        "commentary",
        "Counting Hulls Is Not Strategy",
        D(2026, 1, 14),
        ("maren-holt",),
        "maritime-security",
        (
            "Every year the Compact publishes a table of its members’ warships, and every year commentators "
            "compare it with a similar table for the Drevan Federation. The Compact usually wins on hulls. The "
            "comparison says almost nothing about who controls the Northern Seas.",
            "Control at sea depends on what ships can see, how long they can stay, and whether they can be "
            "repaired and resupplied close to where they are needed. A frigate in dry dock counts the same as a "
            "frigate on patrol. A hull without a crew counts the same as one with two.",
            "The alliance would learn more by counting days at sea, sensor coverage and repair capacity. Those "
            "numbers are less flattering, and much more useful.",
        ),
    ),
]

# Cards whose date is printed in capitals (CSS text-transform leaks into some scraped text): an edge case.
UPPERCASE_CARD_DATES = {"counting-hulls-is-not-strategy"}
