"""The one table of PLOVER sector groups every stage reads (resolver, coder, relations, checks).

Groups that were kept as drifting copies in several modules are defined here once; where two
copies differed, the narrower one is written as the wider one minus what it leaves out, so the
difference is visible and deliberate.
"""
from __future__ import annotations

# the state's own apparatus: an actor of one of these sectors speaks and acts for its state
STATE = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "ELI"})
# who may carry out an armed act ("subj: armed", an attack with no target)
ARMED = frozenset({"MIL", "REB", "UAF", "COP", "PRM", "SPY"})
# armed actors an article about two states may place on either side: police and paramilitaries
# serve their own state, so they take the article's state even when it does not dominate
ARMED_EITHER_SIDE = ARMED - {"COP", "PRM"}
# the people who take to the streets: never a state protesting through diplomatic channels
CIVIL = frozenset({"OPP", "CVL", "EDU", "LAB", "REF", "SOC", "AGR"})
# a crowd that protests ("subj: population"): the civil sectors without societies and farmers' bodies
PROTESTING = CIVIL - {"SOC", "AGR"}
# role nouns that may belong to a political camp named before them ("pro-democracy legislators")
CAMP_ROLES = ("LEG", "PTY", "CVL", "SOC", "EDU", None)
# what an unnamed armed group ("its militia") may carry
GROUP = frozenset({"REB", "UAF", None})
# role nouns that are based where they are ("militias in Iraq", "refugees from Syria")
BASED_WHERE_THEY_ARE = ("REB", "UAF", "CVL", "REF")
# sectors of a role word that stay a role even inside a longer proper name ("Ministry of Defence")
OFFICIAL = ("GOV", "MIL", "LEG", "JUD", "COP")
