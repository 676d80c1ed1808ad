"""The long report of the demo (our long-document test): sections, endnote markers and endnotes. Fiction."""

from __future__ import annotations

SLUG = "holding-the-line-beneath-the-waves"
PDF_NAME = "Holding-the-Line-Beneath-the-Waves.pdf"
# The printed edition (the PDF): what its cover and its table say.
PDF_SUBTITLE = "Protecting the Northern Seas’ Cables and Pipelines"
REPORT_NUMBER = "NAS-2026-04"
ONLINE_URL = "https://www.northern-atlantic.example/publications/reports/holding-the-line-beneath-the-waves"
TABLE_AFTER = "The Infrastructure at Stake"
TABLE_CAPTION = "Table 1: Seabed corridors of the Northern Seas"
TABLE = [
    ["Corridor", "Cables", "Pipelines", "Repair days"],
    ["Hollin Gap", "9", "2", "41"],
    ["Orran Shelf", "7", "3", "35"],
    ["Vessland Approaches", "6", "1", "28"],
    ["Outer Banks", "9", "0", "52"],
]

# (section title, paragraphs). Paragraph mini-markup as in _content: *em*, **strong**, [^n].
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Executive Summary",
        [
            "The Northern Seas are crossed by thirty-one major seabed cables and six gas pipelines. Together they "
            "carry nearly all of the region’s international data traffic, a fifth of its electricity and most of the "
            "gas that heats the Orran Islands in winter. They are among the most valuable objects the members of the "
            "Northern Compact own, and among the least protected.",
            "In February 2026 two power cables linking the Orran Islands to the Kaldmark mainland failed within an "
            "hour of each other. For nineteen hours most of the islands had no mains power.[^1] The investigation "
            "into the cause is still open. Whatever it finds, the episode exposed how little the Compact’s members "
            "know about what happens on their own seabed, how slowly they can repair what breaks there, and how "
            "unclear it is who is responsible for protecting it.",
            "This report examines the infrastructure at stake, the threats to it, the lessons of the Orran blackout "
            "and the gaps in the Compact’s current posture. It draws on interviews with forty-two officials, "
            "operators and engineers in six member states, on fault records shared by three cable operators, and on "
            "a tabletop exercise the Center ran with the Compact Maritime Command in March 2026.",
            "We find that the central problem is not a lack of ships or technology but a lack of *continuous "
            "attention*. The seabed is watched episodically, after something goes wrong, by whichever agency happens "
            "to be closest. Repair capacity is thin and shared among too many owners. And the legal line between "
            "peacetime policing and defence runs, in practice, straight through the places where cables are most "
            "vulnerable.",
            "We recommend that the Compact establish a standing seabed watch for its three most important corridors, "
            "beginning with the Hollin Gap; fund a shared fleet of repair and survey vessels; require cable owners to "
            "share fault data in near real time; and give a single combined authority the mandate to respond to "
            "incidents beneath the surface, whatever their suspected cause.",
        ],
    ),
    (
        "Introduction",
        [
            "Undersea infrastructure has a visibility problem. A power station or an airport is a place that people "
            "see every day; its protection is debated, budgeted and inspected. A cable lies on the seabed at a depth "
            "of a few dozen to a few thousand metres, buried in sediment near the coast and lying on bare rock "
            "further out. Its owners see it twice: when it is laid, and when it breaks.",
            "For most of the past three decades, that invisibility was acceptable. The overwhelming majority of "
            "cable faults worldwide are caused by fishing gear and ship anchors, and the industry built a good system "
            "for dealing with them: route planning that avoids busy fishing grounds, burial near the shore, and a "
            "small fleet of repair ships on standby contracts.[^2] The system assumed accidents, and accidents are "
            "what it got.",
            "That assumption no longer holds in the Northern Seas. Since 2022 the region has seen at least nine "
            "cable and pipeline incidents that the operators themselves describe as “unexplained,” meaning that no "
            "fishing vessel or anchor drag could be identified as the cause.[^3] Some will turn out to be accidents "
            "after all. Others almost certainly will not. The Drevan Federation has invested heavily in seabed "
            "survey and intervention capabilities, including research vessels that spend unusual amounts of time "
            "over other countries’ cables, and its officials have spoken openly of infrastructure as a legitimate "
            "target in a conflict.",
            "The members of the Northern Compact have responded with a flurry of announcements, new working groups "
            "and occasional naval patrols. What they have not yet done is build a system designed for deliberate "
            "interference rather than accidents. This report sets out what such a system would require.",
            "A note on scope. This report concerns physical infrastructure on and beneath the seabed. It does not "
            "address cyber attacks on the control systems of cable landing stations or grid operators, which are "
            "serious and deserve separate treatment, except where they would complicate the response to a physical "
            "fault. Nor does it cover offshore oil and gas platforms, whose security arrangements are long "
            "established and, by the account of every official we interviewed, considerably better than those for "
            "cables. Where we refer to the Compact, we mean its nine members acting together through the Compact "
            "Maritime Command and its civilian committees; where we refer to members, we mean national governments "
            "and their agencies.",
            "It proceeds in six parts. The first describes the infrastructure itself. The second examines the threat, "
            "and in particular the deliberate ambiguity that makes it hard to answer. The third reconstructs the "
            "Orran blackout. The fourth identifies the gaps in the Compact’s current posture, and the fifth assesses "
            "the technologies that could close them. The final section makes recommendations.",
        ],
    ),
    (
        "The Infrastructure at Stake",
        [
            "Three kinds of infrastructure cross the Northern Seas, and they differ in ways that matter for their "
            "protection.",
            "**Data cables** are the most numerous. Twenty-three fibre-optic systems land in Compact territory, "
            "connecting the region to the wider world and its members to each other. A modern system carries tens "
            "of terabits per second over a cable no thicker than a garden hose. Data cables are highly redundant as "
            "a group: the loss of one or two reroutes traffic with little effect on users. But redundancy is uneven. "
            "The Orran Islands depend on three systems, two of which share a landing station at Harrowick.[^4]",
            "**Power cables** are fewer and far more consequential. Eight high-voltage interconnectors link the "
            "national grids of the Northern Seas, and a further six export cables connect offshore wind farms and "
            "the Brisk Bank energy island to shore. Unlike data traffic, electricity cannot easily be rerouted "
            "around a break if the alternative routes lack capacity. When an interconnector fails, the grids on "
            "either side must rebalance within seconds, and if they cannot, parts of them go dark.",
            "**Pipelines** are the oldest and the most robust. Six gas pipelines cross the region, most of them laid "
            "in the 1980s and 1990s, heavily armoured and buried along much of their length. They are difficult to "
            "damage by accident and hard, though not impossible, to damage on purpose. Their importance has grown "
            "since the Orran Islands converted their winter heating from oil to gas.",
            "All three share a geography. Because they must avoid deep water, steep slopes and busy fishing grounds, "
            "and because they must land where grids and networks can receive them, they cluster in a small number of "
            "corridors. The Hollin Gap, a strait about sixty kilometres wide between Orran and the Kaldmark coast, "
            "carries four of the seven main power and data systems serving the islands. The Sundmere approaches "
            "carry most of Vessland’s links. A third corridor, off the Kaldmark northern cape, carries the two "
            "cables that connect the region to the northern research stations.[^5]",
            "Ownership is fragmented. Data cables are owned by consortia of telecommunications firms, some of them "
            "headquartered outside the region. Power cables are owned by grid operators, which are state-owned in "
            "some members and private in others. Pipelines are owned by energy companies with their own security "
            "staff and their own relationships with governments. No single body has a complete, current map of what "
            "lies on the Northern Seas seabed, let alone of its condition.",
            "This fragmentation is not in itself a failure. Private owners have strong incentives to keep their "
            "assets working, and they do so well in ordinary times. But it means that in a crisis the information "
            "needed to understand what is happening is spread across dozens of organisations, most of which have "
            "never been asked to share it quickly, and some of which are not sure they are allowed to.",
        ],
    ),
    (
        "The Threat: Ambiguity by Design",
        [
            "The defining feature of the threat to undersea infrastructure is not its capability but its "
            "ambiguity. A cable can be cut by a dragged anchor, a trawl door, a landslide, a manufacturing defect or "
            "a deliberate act, and in the first hours after a fault the evidence often cannot tell these apart.",
            "That ambiguity is valuable to an adversary. An attack that looks like an accident imposes costs without "
            "inviting a response. An attack that might be an accident divides allies over whether to respond at all. "
            "And even an attack that is eventually attributed will be attributed weeks later, after the news has "
            "moved on and the political moment for a response has passed.[^6]",
            "Our interviews suggest that the Drevan Federation understands this well. Its seabed capabilities fall "
            "into three groups. The first is survey: research and fishing vessels that map the seabed and the "
            "infrastructure on it, often under civilian flags. The second is intervention: deep-diving submersibles "
            "and remotely operated vehicles that can reach cables far from shore and manipulate objects on the "
            "seabed. The third is deniable surface activity: merchant ships, often old and poorly documented, whose "
            "anchors could damage a cable in shallow water with no specialised equipment at all.",
            "The third group is the most worrying, precisely because it is the least sophisticated. A tanker or bulk "
            "carrier that drags its anchor for a hundred kilometres across a cable corridor can be explained as "
            "negligence. In two of the nine unexplained incidents since 2022, investigators identified a merchant "
            "vessel whose track crossed the fault at the relevant time, and in both cases the vessel’s owners "
            "described the anchor drag as an accident.[^7] Neither case produced a prosecution.",
            "It would be a mistake to assume that every unexplained fault is hostile. Cable operators point out that "
            "faults have always been underreported and under-investigated, and that more attention naturally "
            "produces more unexplained cases. But the pattern of recent incidents, clustered in time around "
            "political crises and in space around the most valuable corridors, is hard to dismiss.",
            "A further complication is that the same capabilities serve legitimate purposes. Seabed survey is "
            "essential for laying and maintaining cables, for fisheries science and for offshore wind development. "
            "Every coastal state in the region operates research vessels that would look, to a suspicious observer, "
            "much like the ones that worry Compact officials. Restrictions aimed at hostile survey activity must be "
            "written so that they do not also cripple the civilian work on which the region’s infrastructure "
            "depends, and so that the Compact’s own survey ships are not exposed to retaliation in kind.",
            "For the purposes of this report, the precise balance between accident and attack matters less than it "
            "might seem. A system that can quickly detect, locate and characterise a fault, and repair it fast, "
            "protects against both. A system that can do none of these things invites both. The Compact’s task is to "
            "reduce the ambiguity an adversary relies on and the damage it can do, not to read intentions.",
        ],
    ),
    (
        "What the Orran Blackout Revealed",
        [
            "At 02:14 on the night of 11 February 2026, protection relays at the Brisk Bank converter station "
            "registered a fault on the Orran–Kaldmark South interconnector. The grid operator, the Orran Grid "
            "Authority, shifted load to the North interconnector and to gas generation on the islands. At 03:06 the "
            "North interconnector faulted as well, forty kilometres from the first break.[^8]",
            "Without either link, the islands’ grid could not balance supply and demand. Automatic load shedding "
            "disconnected most consumers within minutes. The capital, Harrowick, was islanded onto its local gas "
            "plant and kept partial power; the rest of the archipelago went dark. Power was restored to all "
            "consumers nineteen hours later, after the gas plants were brought fully online and the grid was "
            "rebuilt district by district.",
            "Repairing the cables took far longer. The only repair ship under contract to the Orran Grid Authority "
            "was in port in Vessland, loading equipment for a different job. It sailed within a day but then waited "
            "four days for a weather window in the Gap. The South interconnector returned to service after eighteen "
            "days and the North after twenty-six.[^9]",
            "Three features of the episode stand out.",
            "**First, redundancy was weaker than it appeared.** On paper the islands had two independent power links "
            "and ample local generation. In practice the two cables shared a landing station, a repair contract and "
            "a single weather-exposed corridor, and the local generation was sized for peak winter demand only "
            "with both cables working. Officials we interviewed were candid that these dependencies were known but "
            "had never been treated as a single risk.",
            "**Second, nobody was watching.** The first indication that anything was wrong came from the protection "
            "relays themselves. No sensor on or near the cables recorded activity in the hours before the faults, "
            "because no such sensors existed. Naval and coast guard vessels reached the fault sites more than a day "
            "later, by which time any surface vessel involved could have been two hundred kilometres away. "
            "Reconstruction of ship movements relied on transponder data, which several vessels in the area had "
            "switched off.[^10]",
            "**Third, responsibility was unclear.** The North fault lay inside Orran’s territorial sea; the South "
            "fault lay in its exclusive economic zone, where its powers over foreign ships are more limited. The "
            "coast guard led the initial response to one and the navy to the other, under different legal "
            "authorities and different reporting chains. For most of the first day the two investigations were run "
            "separately, and the Compact Maritime Command learned of the second fault from a press report.",
            "None of this was anyone’s negligence in the ordinary sense. Each organisation did what its mandate "
            "asked. The problem was that no mandate covered the whole event.",
        ],
    ),
    (
        "A Winter Exercise in the Gap",
        [
            "To test how the Compact would handle a deliberate campaign rather than a single fault, the Center ran a "
            "two-day tabletop exercise with the Compact Maritime Command in March 2026. Thirty-four participants took "
            "part, drawn from four navies, three coast guards, two grid operators, a cable consortium and the "
            "Compact’s own staff. The scenario was fictional but built from real data.",
            "It began on a January night with a storm forecast for the Hollin Gap. A data cable failed first, "
            "followed six hours later by a power interconnector and, the next morning, by a gas pipeline’s "
            "monitoring link. A Drevan-flagged research vessel had been seen in the Gap two days earlier. A bulk "
            "carrier with a long history of transponder gaps was anchored, or said it was anchored, close to the "
            "second fault.",
            "The exercise produced three findings that we had not anticipated.",
            "**Information moved along organisational lines, not geographic ones.** Each participant knew a great "
            "deal about its own asset and almost nothing about the others. The grid operator learned of the data "
            "cable fault from a journalist. The navy’s liaison cell received the cable consortium’s fault location "
            "eleven hours after the consortium knew it, because the consortium’s security officer did not have a "
            "contact at the navy and sent the information to a ministry inbox instead.",
            "**The weather mattered more than the adversary.** Participants spent much of the first day debating "
            "attribution and much of the second discovering that it made little practical difference: no repair or "
            "survey ship could work in the Gap until the storm passed, and by then the trail was cold. Several "
            "participants remarked that a capable adversary would choose exactly this timing.",
            "**Legal caution was the default.** Faced with a suspect ship in their exclusive economic zone, "
            "officials repeatedly chose to monitor rather than board, citing uncertainty about their authority. "
            "The ship was allowed to sail. In the debrief, legal advisers from two members concluded that boarding "
            "would in fact have been lawful under existing rules, given the evidence available. Nobody in the room "
            "had been sure at the time.",
            "The exercise also produced a more encouraging result. When participants were allowed, in a second "
            "run, to share a single picture of the corridor and to agree in advance who would lead, the time from "
            "first fault to a coordinated response fell from thirty-one hours to under five. Most of the "
            "improvement came not from new capabilities but from people knowing whom to call.",
        ],
    ),
    (
        "Gaps in the Compact’s Posture",
        [
            "Measured against the lessons of February, the Compact’s current posture has four main gaps.",
            "**Awareness.** The Compact has no continuous picture of activity over its critical seabed corridors. "
            "Surface traffic is tracked through transponder data, coastal radar and occasional patrols; subsurface "
            "activity is barely tracked at all outside a handful of naval exercise areas. Data that does exist is "
            "held separately by navies, coast guards, cable owners and fishing authorities, and is rarely combined.",
            "**Repair.** Four repair vessels are based in or near the Northern Seas, all under commercial contracts "
            "that serve several owners and, in two cases, regions beyond the Northern Seas.[^11] In a single "
            "incident, this is enough. In a crisis with several simultaneous faults, which is exactly what a "
            "deliberate campaign would aim to produce, it would not be. Survey vessels that can locate and "
            "characterise a fault before repair are scarcer still.",
            "**Authority.** Responsibility for the seabed is divided by the law of the sea into zones, and by "
            "national law among agencies. A fault in one place is a matter for a coast guard, a few kilometres away "
            "for a navy, and further out for nobody in particular. The Compact has no agreed procedure for deciding "
            "who leads the response to an undersea incident, and no standing arrangement for sharing evidence "
            "across borders quickly enough to matter.",
            "**Deterrence.** Finally, the Compact has not said clearly what it would do in response to a "
            "deliberate attack on undersea infrastructure. Some ambiguity in deterrence is useful. Too much invites "
            "testing. Several officials told us that they believed the incidents since 2022 were, at least in part, "
            "probes of exactly this kind.",
            "These gaps reinforce one another. Without awareness there can be no quick attribution; without quick "
            "attribution, deterrent threats lack credibility; without clear authority, even good information does "
            "not reach the people who could act on it; and without repair capacity, every successful attack lasts "
            "long enough to matter.",
        ],
    ),
    (
        "Technology: Sensing the Seabed",
        [
            "Technology cannot close these gaps on its own, but it can make continuous awareness affordable in a way "
            "it was not a decade ago. Four families of technology are relevant.",
            "**Fibre sensing.** The fibre in a data cable can itself act as a sensor. Distributed acoustic sensing "
            "sends pulses of light down a spare fibre and measures the faint reflections that vibrations cause along "
            "its length, turning tens of kilometres of cable into a line of microphones. Trials by two Compact "
            "members have shown that the technique can detect ship noise and anchor contact near a cable, though "
            "with many false alarms.[^12] Its great advantage is cost: the sensor is already on the seabed.",
            "**Fixed seabed arrays.** Purpose-built acoustic and magnetic sensors, laid on the seabed across a "
            "strait, can watch a corridor continuously. They are well proven for detecting submarines and are "
            "increasingly capable of tracking smaller uncrewed vehicles. A line across the Hollin Gap would, by our "
            "estimate, cost less than a single frigate to install and a fraction of one to operate.",
            "**Uncrewed vehicles.** Long-endurance uncrewed surface and underwater vehicles can patrol corridors, "
            "inspect cables and respond to alerts from fixed sensors. They are cheaper than crewed ships, but they "
            "bring their own problems of certification and software assurance, which the Center has examined "
            "elsewhere.[^13]",
            "**Data fusion.** None of these sensors is useful unless its data reaches someone who can act on it, "
            "combined with transponder data, radar tracks and the cable owners’ own fault monitoring. This is the "
            "least glamorous part of the problem and the one where the Compact is furthest behind. Our tabletop "
            "exercise found that a shared picture of a single corridor would require data from at least eleven "
            "organisations in four countries, under six different classification regimes.",
            "The lesson from the technology is encouraging. The Compact does not need exotic new capabilities to "
            "watch its seabed. It needs to deploy well-understood ones continuously, in the places that matter most, "
            "and to connect them to people with the authority to respond.",
        ],
    ),
    (
        "Costs and Trade-offs",
        [
            "Any proposal for new spending has to answer the question of what it displaces. The measures we "
            "recommend below are modest by the standards of the Compact’s defence budgets, but they are not free, "
            "and they compete with priorities that have louder advocates.",
            "By our estimate, a continuous watch over the Hollin Gap, combining a fixed sensor line, fibre sensing "
            "on two existing cables and a small uncrewed patrol, would cost roughly as much to install as one-third "
            "of a frigate and about as much per year to run as a frigate’s crew. Extending the watch to the "
            "Sundmere approaches and the northern cape corridor would roughly triple both figures. A shared fleet "
            "of two repair and two survey vessels would cost more to build but could be financed over twenty years "
            "and partly recovered through commercial charter in quiet periods.",
            "Set against these costs are the costs of outages. The Orran Grid Authority has estimated the direct "
            "economic cost of the February blackout at several times the annual cost of the Hollin Gap watch. That "
            "figure excludes the indirect costs, which are harder to count but were visible to anyone on the "
            "islands that week: cancelled surgeries, spoiled food, closed schools and a sharp loss of public "
            "confidence in the grid.",
            "There are real trade-offs beyond money. Continuous surveillance of the seabed raises questions about "
            "what data is collected, who holds it and for how long, especially where sensors pick up fishing and "
            "shipping activity that has nothing to do with security. Cable operators worry, reasonably, that "
            "fault data shared with governments could be used against them in commercial or regulatory disputes. "
            "And every sensor line announces to an adversary where the Compact is looking, which may push activity "
            "elsewhere.",
            "None of these concerns is a reason not to act. Each is a reason to design the system carefully: with "
            "clear limits on the use of data, legal protections for operators who share it, and a watch that "
            "covers enough of the region that displacing activity is costly in itself.",
        ],
    ),
    (
        "Recommendations",
        [
            "We offer six recommendations, ordered roughly by cost and difficulty.",
            "**1. Establish a standing seabed watch, starting with the Hollin Gap.** The Compact should designate "
            "its three most important cable corridors as priority areas and watch them continuously, combining fibre "
            "sensing on existing cables, a fixed sensor line across the Gap and regular uncrewed patrols. The watch "
            "should be run by a small combined cell under the Compact Maritime Command, with liaison officers from "
            "coast guards and the main cable operators.",
            "**2. Require near-real-time fault sharing.** Member states should require operators of critical "
            "cables and pipelines to report faults and anomalies to the combined cell within minutes, with agreed "
            "formats and legal protections for the data shared. Operators we interviewed were willing, provided "
            "their commercial information is protected.[^14]",
            "**3. Fund a shared repair and survey fleet.** The Compact should jointly fund at least two repair "
            "vessels and two survey vessels dedicated to the Northern Seas, held on short notice and available to "
            "any member. The cost, shared across nine members, would be small next to the cost of a single "
            "prolonged outage.",
            "**4. Agree who leads.** Members should adopt a common procedure under which the first agency to respond "
            "to an undersea incident leads until a combined authority takes over, regardless of the zone in which the "
            "incident occurs or its suspected cause. Evidence-sharing agreements should be negotiated in advance, not "
            "in the middle of an investigation.",
            "**5. Design redundancy as a system.** Governments and grid operators should review critical links for "
            "hidden common dependencies, such as shared landing sites, repair contracts and corridors, and treat "
            "these as single risks. New links should be routed and contracted to avoid them.",
            "**6. Say what the Compact will do.** Finally, the Compact should state publicly that deliberate "
            "attacks on members’ undersea infrastructure will be treated as attacks on the members themselves, and "
            "that the alliance will respond at a time and in a manner of its choosing. The statement should be "
            "backed by the awareness and attribution capabilities set out above, so that it can be believed.",
        ],
    ),
    (
        "Conclusion",
        [
            "The seabed of the Northern Seas has become a place where the Compact’s members are vulnerable in ways "
            "they did not choose and have been slow to recognise. The Orran blackout was a warning, not a "
            "catastrophe: power returned within a day, and the cables were repaired within a month. A deliberate "
            "campaign against several links at once, timed to a political crisis and a winter storm, would be far "
            "worse.",
            "The measures this report recommends are not expensive by the standards of defence budgets, and most of "
            "them rely on technology that already exists. What they require is attention: a decision to watch "
            "continuously what has so far been watched only after it breaks, and to give someone the authority to act "
            "on what they see. The Compact has shown, in other domains, that it can make such decisions. The seabed "
            "should be next.",
        ],
    ),
]

ENDNOTES: list[str] = [
    "Orran Grid Authority, *Incident Report: Loss of the Orran–Kaldmark Interconnectors, 11–12 February 2026* "
    "(Harrowick: OGA, March 2026), 4–7.",
    "Northern Seas Cable Operators’ Forum, *Annual Fault Review 2025* (Sundmere: NSCOF, 2026), 12.",
    "Center for Northern Atlantic Studies analysis of operator fault records, 2022–2026; see also Maren Holt, "
    "“Counting Hulls Is Not Strategy,” Center for Northern Atlantic Studies, January 14, 2026.",
    "Orran Ministry of Digital Affairs, *Connectivity Resilience Review* (Harrowick, 2025), annex B.",
    "Kaldmark Maritime Administration, *Seabed Infrastructure Register*, public edition (Vardhavn, 2025).",
    "Interview with a senior official of the Compact Maritime Command, Vardhavn, March 2026.",
    "Vessland Accident Investigation Board, *Report 2024/17: Anchor Damage to the Sundmere–Vessland "
    "Interconnector* (2024); Kaldmark Accident Investigation Board, *Report 2025/03* (2025).",
    "Orran Grid Authority, *Incident Report*, 9–14.",
    "Ibid., 21–23.",
    "Center for Northern Atlantic Studies reconstruction from transponder records supplied by the Orran Coast "
    "Guard, April 2026.",
    "Northern Seas Cable Operators’ Forum, *Repair Capacity Statement 2026* (Sundmere: NSCOF, 2026).",
    "Vessland Defence Research Establishment, *Distributed Acoustic Sensing Trials in the Sundmere Approaches* "
    "(2025), summary.",
    "Tobias Arkwright, *Software-Defined Deterrence: Testing Autonomy Before It Is Needed* (Center for "
    "Northern Atlantic Studies, April 2026).",
    "Interviews with representatives of three cable operators, Sundmere and Harrowick, February–April 2026.",
]
