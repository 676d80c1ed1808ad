"""The two fictional outlets where the think tank's pieces run in full, and their articles. Fiction.

The Tidewater Review is a long-form essay site on a WordPress-like theme; Meridian Defense Daily is a trade
news site on a news CMS (JSON-LD, ``<time datetime>``, a related rail). Their markup differs on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    tagline: str
    cms: str  # "wordpress" | "newsroom"


@dataclass(frozen=True)
class OutletArticle:
    key: str
    outlet: str  # Outlet slug
    path: str  # under /outlets/<outlet>/..., ending "/" for the WordPress outlet
    title: str
    published: datetime
    author: str  # as printed by the outlet
    section: str
    dek: str
    body: tuple[str, ...]
    author_note: str = ""
    comments: tuple[tuple[str, str, str], ...] = ()  # (name, date text, comment)


OUTLETS: dict[str, Outlet] = {
    o.slug: o
    for o in [
        Outlet(
            "tidewater-review",
            "The Tidewater Review",
            "Essays on sea power, strategy and the people who practise them",
            "wordpress",
        ),
        Outlet("meridian-defense-daily", "Meridian Defense Daily", "Defence news for the Northern Seas", "newsroom"),
    ]
}

A = OutletArticle

ARTICLES: dict[str, OutletArticle] = {
    a.key: a
    for a in [
        A(
            "tidewater-energy-islands",
            "tidewater-review",
            "/outlets/tidewater-review/2026/05/guarding-the-spokes/",
            "Guarding the Spokes: Why Energy Islands Need a Security Plan",
            datetime(2026, 5, 21, 8, 0),
            "Ines Valcourt",
            "Energy",
            "The Brisk Bank energy island was built to survive storms. It was not built to survive an adversary.",
            (
                "When the Orran government opened the Brisk Bank energy island last year, the ceremony was all about "
                "gigawatts: the wind farms it gathers, the four countries it feeds, the coal plants it lets Kaldmark "
                "close. Nobody mentioned that it is also the single most valuable unguarded object in the Northern Seas.",
                "An energy island is a substation on an artificial reef, thirty kilometres from shore, with a dozen "
                "export cables fanning out from it like spokes. It is designed to be maintained, not defended. Its "
                "security plan assumes storms, fires and the occasional protest boat, and it does those well.",
                "The Orran blackout in February showed what happens when the spokes are cut instead. The island kept "
                "spinning; the power had nowhere to go.",
                "It is worth being precise about what the blackout did and did not show. The two interconnectors that "
                "failed did not belong to Brisk Bank; they were older links between Orran and the Kaldmark mainland. "
                "But the island’s own export cables run through the same corridor, land at the same stations and "
                "depend on the same single repair ship. Had the faults struck them instead, the effect would have "
                "reached four countries rather than one.",
                "Three things would make the island, and the dozen like it now planned across the region, much harder "
                "to switch off.",
                "The first is to stop treating each cable as a separate asset. Planners count redundancy cable by "
                "cable, and by that count Brisk Bank is superbly redundant. Counted by corridor, by landing site and "
                "by repair contract, it has perhaps three points of failure. Those are the numbers an adversary will "
                "use, and they are the numbers the island’s owners should publish to their regulators.",
                "The second is to watch the water around the island continuously. The island already bristles with "
                "sensors for wind, waves and equipment temperature. Adding acoustic sensing along its own export "
                "cables would cost a small fraction of the construction budget and would tell operators, for the first "
                "time, what happens on the seabed between routine inspections.",
                "The third is to decide, before anything happens, who answers the phone. The island sits in Orran’s "
                "exclusive economic zone, is owned by a consortium of three grid operators and feeds four national "
                "grids. In a crisis, each of those owners would call a different ministry. A single, rehearsed chain "
                "of command for incidents at the island, agreed by all four governments, would cost nothing but "
                "meetings.",
                "None of this requires turning energy islands into fortresses. Guns on a substation would be "
                "expensive, provocative and mostly useless against an anchor dragged across a cable fifty kilometres "
                "away. What the islands need is what every other piece of critical infrastructure already has: "
                "someone watching, someone responsible, and a plan for the bad day.",
                "The Northern Seas are about to build a great deal more of this infrastructure. The cheapest moment to "
                "design in resilience is before the concrete is poured. For Brisk Bank that moment has passed. For the "
                "next dozen islands it has not.",
            ),
            author_note="Ines Valcourt is a Senior Fellow in the Energy Security Program at the Center for Northern "
            "Atlantic Studies.",
            comments=(
                (
                    "Arne Feldt",
                    "May 21, 2026 at 10:42 am",
                    "Good piece. As someone who worked on the Brisk Bank commissioning, I can confirm the security plan "
                    "was written by the insurance people, not the navy.",
                ),
                (
                    "M. Oduya",
                    "May 22, 2026 at 7:15 am",
                    "The corridor point is the key one. We count redundancy the way accountants count it.",
                ),
                (
                    "harbourwatcher",
                    "May 23, 2026 at 6:03 pm",
                    "Who pays for the sensors, though? The consortium will say it’s a defence matter.",
                ),
            ),
        ),
        A(
            "tidewater-coast-guard",
            "tidewater-review",
            "/outlets/tidewater-review/2026/04/a-coast-guard-is-not-a-navy/",
            "A Coast Guard Is Not a Navy, and That Is the Point",
            datetime(2026, 4, 9, 7, 30),
            "Maren Holt",
            "Strategy",
            "Arming the coast guards to protect cables would throw away the one tool that works in the grey zone.",
            (
                "Every few months someone in the Compact proposes giving the coast guards more guns. The logic seems "
                "sound: coast guards are already at sea, they know the waters, and the threats to cables and pipelines "
                "arrive looking like civilian ships. Why not arm the people who meet them?",
                "Because the coast guard’s value lies precisely in not being a navy. A coast guard cutter can board a "
                "suspicious trawler, inspect its anchor chain and write a report that a court will read. A warship "
                "doing the same thing starts a diplomatic incident.",
                "The grey zone, that space between peace and war where most of the recent trouble in the Northern "
                "Seas has happened, is governed by law rather than force. An adversary who drags an anchor across a "
                "cable is betting that nobody will be able to prove it was deliberate, and that nobody will dare to "
                "find out. The answer to that bet is not a bigger gun. It is a boarding party with a camera, a "
                "notebook and the legal authority to use both.",
                "Coast guards have that authority in their own waters and, within limits, further out. Navies mostly "
                "do not, or have it only in ways that are politically costly to use. When a Kaldmark patrol vessel "
                "boarded a suspect bulk carrier last winter, the ship’s owners complained loudly and the matter ended "
                "up in a magistrates’ court, which is exactly where it belonged. Had a frigate done the boarding, it "
                "would have ended up in a foreign ministry.",
                "This does not mean coast guards need nothing. They need more ships that can stay at sea in winter, "
                "better sensors, divers and remotely operated vehicles that can inspect the seabed, and lawyers on "
                "call who can say quickly what a boarding officer may do. Above all they need a working link to the "
                "navies, so that when a case turns out to be more than policing, the handover is smooth.",
                "What they do not need is to become small navies. The Compact already has navies. What it lacks is "
                "enough of the institution that can look an ambiguous threat in the eye and ask, politely and with "
                "the law behind it, to see the anchor.",
            ),
            author_note="Maren Holt directs the Maritime Security Program at the Center for Northern Atlantic Studies.",
            comments=(
                (
                    "J. Kestrel",
                    "April 9, 2026 at 1:20 pm",
                    "Former boarding officer here. The bit about lawyers on call is the most important line in the piece.",
                ),
                (
                    "Patrick V.",
                    "April 10, 2026 at 9:48 am",
                    "I’d push back a little: some threats do need an armed response, and cutters are the ones on scene.",
                ),
            ),
        ),
        A(
            "meridian-spare-parts",
            "meridian-defense-daily",
            "/outlets/meridian-defense-daily/opinion/2026/06/the-compact-needs-a-spare-parts-treaty",
            "Opinion: The Compact needs a spare-parts treaty, not another exercise",
            datetime(2026, 6, 2, 10, 30),
            "Col. Daniel Okafor, USA (Ret.)",
            "Opinion",
            "Nineteen days to move a rotor part one border: the alliance’s readiness problem is paperwork.",
            (
                "Every allied exercise in the Northern Seas ends the same way: with a parade of impressive vehicles and "
                "a quiet list of the ones that could not take part because a single part was stuck in a depot three "
                "borders away. The Northern Compact has spent a decade standardising ammunition. It has spent almost "
                "nothing on standardising the paperwork that moves a gearbox from Vessland to Kaldmark.",
                "That paperwork is not trivial. Under current rules, a spare part owned by one member’s army is a "
                "controlled export the moment it crosses into another’s depot, even when both armies fly the same "
                "helicopter. In last autumn’s Iron Tern exercise, planners counted nineteen days between a request "
                "for a rotor component and its arrival. The part itself travelled for less than a day.",
                "A short treaty could fix this: a common pool of spares for shared platforms, owned jointly and "
                "exempt from national export licensing inside Compact territory.",
                "The idea is not new. Compact logisticians have proposed versions of it at least three times since "
                "2019, and each time it has died in the same place: the export-control offices of national ministries, "
                "which are understandably reluctant to give up control over military goods. Their concerns are real. "
                "A joint pool must not become a loophole through which components leak to third countries.",
                "But those concerns can be met. The pool would cover only platforms that all participating members "
                "already operate. Parts would move only between military depots, never to commercial buyers. Every "
                "movement would be logged in a shared register that national auditors could inspect at will. In "
                "return, members would give up the right to hold a part at the border while a licence is processed.",
                "The gains would be large. Our rough count, based on the Compact’s own readiness reports, suggests "
                "that between a fifth and a quarter of the helicopters and armoured vehicles that miss exercises do so "
                "for want of parts that exist somewhere else in the alliance. In a crisis, that figure would decide "
                "how much of the Compact’s paper strength turns up.",
                "Ministers like to announce exercises, because exercises produce photographs. A spare-parts treaty "
                "would produce none. It would simply mean that, the next time the alliance needs its helicopters, "
                "more of them fly.",
            ),
            author_note="Col. Daniel Okafor, USA (Ret.), is an adjunct senior fellow at the Center for Northern "
            "Atlantic Studies.",
        ),
        A(
            "meridian-kaldmark",
            "meridian-defense-daily",
            "/outlets/meridian-defense-daily/opinion/2026/05/kaldmarks-quiet-rearmament",
            "Kaldmark’s quiet rearmament is working. Its neighbours should pay attention.",
            datetime(2026, 5, 7, 9, 0),
            "Hana Lindqvist",
            "Opinion",
            "Five years of unremarkable increments have added up to the region’s biggest build-up. The quiet is the strategy.",
            (
                "Kaldmark does not announce its defence decisions so much as let them accumulate. A new reserve law "
                "here, a reopened air base there, a procurement line that grows by a few percent every year without a "
                "single press conference. Added up over five years, the result is the largest rearmament in the "
                "Northern Seas since the Compact was founded.",
                "The quiet is deliberate. Kaldmark’s leaders believe that loud rearmament invites a loud answer from "
                "the Drevan Federation, while steady, unremarkable growth does not. So far they appear to be right.",
                "Consider the numbers. Kaldmark’s defence budget has grown by about six percent a year in real terms "
                "since 2021, never enough in any single year to make international headlines. Its trained reserve has "
                "doubled. Two air bases closed in the 2000s have reopened, without ceremony, as dispersal fields. And "
                "the army has quietly replaced its entire stock of air-defence radars.",
                "Drevan commentary on Kaldmark over the same period has been notably restrained, especially when "
                "compared with the fury that greeted Vessland’s much smaller, much louder frigate announcement in "
                "2024. Officials in Vardhavn are careful not to claim credit for this. But they do not hide that it "
                "is the intended effect.",
                "There are costs. A rearmament that is never explained is never really debated, and Kaldmark’s "
                "parliament has approved most of these measures with little scrutiny. Allies, too, sometimes learn of "
                "Kaldmark’s new capabilities late, which complicates Compact planning.",
                "Still, the approach offers a lesson for the rest of the alliance, several of whose members have "
                "spent the past five years announcing programmes they have not funded. Kaldmark has done the "
                "opposite: funded programmes it has not announced. In deterrence, as in much else, what you have "
                "matters more than what you say.",
            ),
            author_note="Hana Lindqvist is a visiting scholar at the Center for Northern Atlantic Studies.",
        ),
        A(
            "meridian-news-repair-ship",
            "meridian-defense-daily",
            "/outlets/meridian-defense-daily/news/2026/04/orran-orders-second-cable-repair-ship",
            "Orran orders second cable repair ship after February blackout",
            datetime(2026, 4, 21, 14, 5),
            "Corinne Bassey",
            "Sea",
            "The vessel, due in 2028, will be based in Harrowick and on call for the islands’ interconnectors.",
            (
                "HARROWICK — The Orran Grid Authority has ordered a second cable repair vessel, two months after the "
                "loss of both of the islands’ power links to the Kaldmark mainland left most of the archipelago without "
                "electricity for nineteen hours.",
                "The ship, to be built at the Sundmere yard for delivery in 2028, will be based in Harrowick and kept "
                "on short notice for the islands’ interconnectors, the authority said in a statement on Tuesday. It did "
                "not disclose the price.",
                "In February the authority’s only contracted repair ship was in port in Vessland when the faults "
                "occurred, and then waited four days for weather in the Hollin Gap. The two cables returned to service "
                "after eighteen and twenty-six days.",
                "“We had one ship for two cables in one corridor,” the authority’s chief executive, Olafur Brann, told "
                "reporters. “That was a single point of failure, and we have now removed it.”",
                "The authority also said it would move the landing point of a planned third interconnector away from "
                "the Harrowick station that both existing cables share.",
                "The cause of the February faults is still under investigation by the Orran Coast Guard and the navy. "
                "Officials have declined to say whether they suspect deliberate damage.",
            ),
        ),
    ]
}
