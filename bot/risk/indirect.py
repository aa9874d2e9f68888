"""Families for indirect wording (data only; compiled with patterns.RULES by rules.RuleSet).

People in danger rarely use the textbook words. These families catch what they say instead:
plans and means made ready, goodbyes, symptoms rather than the name of an emergency, harm
happening right now, signs on a child, a home without food, heat or money. Added after
sets of unseen wording showed the earlier tables missing them. Same format and flags as
families.RULES.
"""
from __future__ import annotations

SELF = r"(?:im|i am|ive|i have|i|me|my)"
MEANS = r"(?:<PILLS>|rope|noose|ligature|blades?|razors?|the car|the knife|knives)"
SOMEONE = (r"(?:mum|mam|mother|sister|friend|mate|best mate|nan|gran|auntie|aunt|cousin|neighbour|"
           r"daughter|son|dad|brother)")
HIS_HER_FELLA = r"(?:boyfriend|husband|partner|fella|bloke|man|ex)"
ALONE = r"(?:on (?:their|his|her) own|alone|home alone|by (?:themselves|himself|herself))"
DRUNK = (r"(?:drunk|pissed|hammered|wasted|off (?:his|her) (?:face|head)|high|stoned|on the cans|"
         r"on the beer|on the vodka|been drinking|drinking all day|had a skinful|over the limit)")

# Harmless uses replaced before any rule runs, as patterns.IDIOMS.
IDIOMS = (
    (r"\boverdos(?:ed|ing|e) on (?:\w+ )?(?:easter eggs?|eggs|chocolate|choc|sweets|sugar|crisps|cake|"
     r"biscuits|telly|tv|netflix|coffee|caffeine|christmas|sun|mince pies|pizza|haribo)\b",
     "ate too much", "overdosed on treats"),
    (r"\b(?:no|nothing) (?:food )?in the (?:house|fridge|cupboards?)\b(?=[^|]*\b(?:need to|gotta|got to|"
     r"have to|going to|gonna|must|will) (?:do|go to|nip to|get|order) (?:a|the|an) (?:big |quick |food )?"
     r"(?:shop|tesco|asda|aldi|lidl|supermarket|delivery)\b)", "need to shop", "need to shop"),
)

RULES = (
    # ---------------- self-harm: plans, means, goodbyes, places ----------------
    ("end it at a time", "critical", "self_harm",
     r"\b(?:intend|intending|plan|planning|planned|going|gonna|decided|ready|want|wanna|about) "
     r"(?:\w+ )?to (?:end|finish) (?:it|it all|things|matters|everything|my life|this)\b"
     r"[^|]{0,30}\b(?:tonight|this evening|today|tomorrow|this weekend|when (?:the kids|they|"
     r"everyone)|after (?:the kids|school|they))\b|"
     r"\b(?:end|finish) (?:it|it all|things|matters|everything|my life) (?:\w+ )?(?:tonight|this evening|"
     r"today|tomorrow)\b", "n"),
    ("sorted what i need", "critical", "self_harm",
     r"\b(?:sorted|got|have|bought|found|worked out|planned) (?:\w+ )?(?:what i need|everything i need|"
     r"all i need|the stuff|how) (?:\w+ ){0,2}to (?:end it|end things|do it|go through with it|"
     r"finish it|not wake up|make it stop)\b", "n"),
    ("goodbyes", "critical", "self_harm",
     r"\b(?:said|saying|say|written|wrote|writing) (?:all )?my goodbyes?\b(?! to (?:the |my |our |all the )?"
     r"(?:year \w+|leavers|class|teachers?|staff|school|nursery|team|colleagues|old house|holiday))|"
     r"\bgoodbye (?:letters?|notes?|messages?|videos?)\b|"
     r"\b(?:letters|notes|the letters|the notes) (?:are |have been |is )?(?:written|done|sorted|ready|"
     r"on the (?:side|table|bed))\b|"
     r"\b(?:wont|will not|dont want them to|not) be the (?:ones?|first) (?:to )?(?:find|that finds?) me\b|"
     r"\b(?:find|found) me (?:dead|gone|in the morning|hanging)\b|"
     r"\btonights the night\b(?=[^|]*\b(?:letters?|notes?|goodbye|bye|end|someone to know|done|sorted|"
     r"find me|the kids)\b)", "n"),
    ("means ready", "critical", "self_harm",
     r"\b(?:counted|counting|stockpiled|stockpiling|saved up|saving up|hoarded|hoarding|stashed|"
     r"been collecting|lined up|lining up|got enough) (?:\w+ ){0,3}(?:<PILLS>|them|tablets|pills)\b"
     r"(?=[^|]*\b(?:<PILLS>|tablets|pills|end|die|done|tonight|enough)\b)|"
     r"\b<PILLS> (?:\w+ ){0,6}(?:counted|stockpiled|lined up|saved up|stashed)\b|"
     r"\b(?:rope|noose|ligature)s? (?:is |are |s )?(?:sorted|ready|up|tied|bought|in the \w+)\b|"
     r"\bbought (?:a |some )?(?:rope|noose)\b(?! (?:swing|ladder|for the|to tie))|"
     r"\benough <PILLS> to\b", "n"),
    ("at the edge", "critical", "self_harm",
     r"\b(?:im|i am|standing|stood|sat|sitting|waiting|ive climbed|climbed) (?:\w+ )?(?:on|at|by|over|near) "
     r"the (?:edge|ledge|tracks|railway|railway line|train tracks|cliff|cliff edge|cliff top|top of the "
     r"(?:multi storey|car park|cliff|building|bridge)|edge of the (?:platform|"
     r"cliff|roof|bridge|car park|water))\b", "n"),
    ("taken everything", "critical", "SUBJ",
     r"\b(?:taken|took|swallowed|necked|downed) (?:everything|all the (?:pills|tablets|meds)|the lot|"
     r"all of (?:her|his|my|their) (?:pills|tablets|meds|medication)) (?:\w+ ){0,2}(?:in|from) "
     r"(?:her|his|my|the|their) (?:cupboard|cabinet|medicine cabinet|drawer|bathroom|bag)\b|"
     r"\b(?:taken|took|swallowed|necked) (?:everything|the lot)\b(?=[^|]*\b(?:said (?:bye|goodbye)|"
     r"cant get hold|not answering|wont answer)\b)", "n"),
    ("better off without me", "high", "self_harm",
     r"\b(?:everyone|they|the kids|my kids|my family|the world|he|she|people) (?:would be|d be|will be|"
     r"are|is) better off (?:without me|if i (?:just )?(?:disappeared|wasnt (?:here|around)|was gone|"
     r"left|died|wasnt born))\b", "n"),
    ("want everything to stop", "high", "self_harm",
     r"\b(?:just )?(?:want|wanna|need) (?:everything|it all|the world|life|all of it|my brain|my head) to "
     r"(?:stop|end|go away)\b(?! (?:raining|hurting my))(?!.*\b(?:holiday|day off|lie in|a rest|nap|"
     r"spa day|a break)\b)", ""),
    ("disappear", "high", "self_harm",
     r"\b(?:want|wanna|wish i could|could just) (?:to )?(?:just )?(?:disappear|dissapear|vanish|"
     r"not exist|not be here)\b", "n"),
    ("drive into", "high", "self_harm",
     r"\b(?:driv(?:e|ing)|crash(?:ing)?|swerv(?:e|ing)|steer(?:ing)?) (?:the car |my car )?(?:into|off|under) "
     r"(?:a|the) (?:wall|tree|lorry|bridge|river|oncoming|motorway|road|cliff|bus)\b(?!.*\brather\b)", "ndh"),
    ("no way out", "high", "self_harm",
     r"\b(?:cant|cannot|can not|dont|do not) see (?:a|any) (?:way out|way forward|future|point)\b"
     r"(?! (?:of|from) (?:this |the |my )?(?:debt|overdraft|arrears|contract|deal|loan))|"
     r"\bno way out\b(?! (?:of|from) (?:this |the |my )?(?:debt|overdraft|arrears|contract|deal|loan))",
     "n"),
    ("not safe with myself", "high", "self_harm",
     r"\b(?:dont|do not) (?:feel|trust) (?:safe|myself) (?:with|around|on my own with) (?:myself|my \w+)\b|"
     r"\bdark thoughts\b(?=[^|]*\b(?:again|end|die|wall|bridge|train|pills|not being here)\b)", ""),
    # ---------------- domestic abuse: happening now, strangulation, threats ----------------
    ("hurting her now", "critical", "domestic_abuse",
     r"\b(?:he|she|hes|shes|<PARTNER>|my <PARTNER>|dad|the man) (?:is |s )?(?:strangling|choking|throttling|"
     r"beating|battering|hitting|punching|kicking|attacking|stabbing|smashing|dragging|hurting) "
     r"(?:her|him|me|mum|my mum|us|the kids|my \w+)\b(?=[^|]*\b(?:right now|now|as we speak|next door|in "
     r"the next room|downstairs|upstairs|in the kitchen|help|police|999)\b)", "n"),
    ("strangled till", "critical", "domestic_abuse",
     r"\b(?:strangl|chok|throttl)\w* (?:me|her|him) (?:\w+ ){0,3}(?:till|until|so|and) (?:i|she|he) "
     r"(?:passed out|blacked out|went limp|couldnt breathe|nearly passed out|lost consciousness)\b", "n"),
    ("strangling her", "high", "domestic_abuse",
     r"\b(?:strangled|strangles|strangling|choked|chokes|choking|throttled|throttles) (?:her|my mum|"
     r"my sister|mum)\b(?! (?:on|with) (?:a|her|his|the) (?:sweet|grape|food|drink|water))", "na"),
    ("break my bones", "high", "domestic_abuse",
     r"\b(?:hed|he would|he will|hell|hes going to|he is going to|shed|she will|shell|gonna|going to) "
     r"(?:\w+ )?(?:break|smash|snap) (?:my|her|your) (?:arm|arms|leg|legs|neck|face|jaw|fingers|nose|"
     r"ribs|skull|head)\b", "n"),
    ("watching the house", "high", "domestic_abuse",
     r"\b(?:hes|he is|shes|she is|he s|theyre|<PARTNER> is|<PARTNER> s|saying hes|says hes|said hes) "
     r"(?:been )?(?:watching|outside|parked outside|sat outside) (?:the|my|our) (?:house|flat|home|door|"
     r"window|school gates?)\b", "n"),
    ("nobody will believe", "high", "domestic_abuse",
     r"\b(?:says|said|tells me|told me|keeps saying) (?:that )?(?:nobody|no one|noone) (?:will|would|"
     r"is going to) believe (?:me|you|her)\b", "n"),
    ("someone elses partner hits her", "high", "domestic_abuse",
     r"\b" + SOMEONE + r"s? (?:new )?" + HIS_HER_FELLA + r" (?:\w+ )?(?:hits|beats|batters|punches|kicks|"
     r"hurts|strangles|chokes|slaps|knocks) (?:her|him)\b", "n"),
    ("rough with the kids", "high", "child_at_risk",
     r"\b(?:rough|heavy handed|too hard|violent|nasty) with (?:the kids|the children|my kids|my \w+s?|"
     r"them|him|her)\b(?=[^|]*\b(?:fella|boyfriend|partner|husband|he|hes|stepdad|dad|when im not)\b)",
     "n"),
    # ---------------- child at risk ----------------
    ("mark an adult made", "high", "child_at_risk",
     r"\b(?:handprint|hand print|hand mark|finger ?marks|fingertip bruises|belt marks?|slap marks?|"
     r"bite marks?|grip marks?) (?:on|across|round) (?:the back of )?(?:his|her|their|my \w+s?) "
     r"(?:leg|legs|arm|arms|face|back|bum|bottom|cheek|neck|thigh)\b|"
     r"\b(?:burn|burns|bruise|bruises|mark|marks|black eye|cut|cuts)\b[^|]{0,50}\b(?:says|said|told me) "
     r"(?:that )?(?:her|his|the|my) (?:stepfather|stepdad|step dad|dad|father|uncle|mums boyfriend|"
     r"boyfriend|<PARTNER>) (?:gave|did|caused|made|put)\b", "n"),
    ("secret games", "high", "child_at_risk",
     r"\b(?:special|secret) (?:games?|cuddles|time|friend|sleepover)\b(?=[^|]*\b(?:dont tell|not to tell|"
     r"never tell|our secret|secret|man|adult|coach|uncle|he)\b)|"
     r"\b(?:says|said|told (?:him|her|them)) (?:to )?(?:dont|not to|never) tell (?:mum|mummy|your mum|"
     r"dad|daddy|anyone|me|your dad)\b", "nk"),
    ("left alone", "high", "child_at_risk",
     r"\b(?:left|leaves|leaving|been left|get left|gets left) (?:\w+ )?" + ALONE +
     r" (?:all (?:weekend|night|day)|overnight|for (?:days|the weekend|hours|the night|two days|a week))\b"
     r"(?!.*\b(?:as kids|when (?:i|we) (?:was|were)))", "nk"),
    ("drunk driving the kids", "critical", "child_at_risk",
     r"\b" + DRUNK + r"\b[^|]{0,60}\b(?:gone off|went off|drove off|driven off|driving|in the car|"
     r"behind the wheel|took the car)\b[^|]{0,40}\b(?:kids|children|<CHILD>)\b|"
     r"\b(?:kids|children|<CHILD>) (?:\w+ ){0,3}in the car\b[^|]{0,40}\b" + DRUNK + r"\b", "n"),
    # ---------------- medical emergency: symptoms rather than names ----------------
    ("stroke signs", "critical", "medical_emergency",
     r"\b(?:face|mouth|smile) (?:\w+ )?(?:has |is |s )?(?:dropped|drooping|droopy|dropping|gone droopy|"
     r"sagging|lopsided|twisted)\b(?=[^|]*\b(?:one side|cant (?:speak|talk|lift|move|smile)|slurr\w*|"
     r"suddenly|numb|stroke)\b)|"
     r"\b(?:slurring|slurred) (?:\w+ )?(?:words|speech|talking)?\b(?![^|]*\b(?:drunk|pissed|wine|beer)\b)|"
     r"\b(?:cant|cannot|can not|unable to) (?:lift|raise|move) (?:his|her|my|one) (?:arm|arms|leg)\b", "n"),
    ("allergic swelling", "critical", "medical_emergency",
     r"\b(?:face|lips|tongue|throat|mouth|eyes) (?:is |are |s |has |have )?(?:swelling|swollen|swelled|"
     r"puffing up|puffed up|closing)\b(?=.*\b(?:breath\w*|epipen|epi pen|allergic|allergy|"
     r"reaction|nuts?|peanuts?|sting|stung|ate|eaten|hives|rash|wheez\w*|party|food)\b)|"
     r"\b(?:havent|have not|dont|do not|forgot|forgotten|left) (?:got |have )?(?:his|her|the|my) "
     r"(?:epipen|epi pen|adrenaline pen)\b|\banaphyla\w+\b", "n"),
    ("child got hold of pills", "critical", "medical_emergency",
     r"\b<CHILD>s? (?:\w+ ){0,3}(?:got hold of|got into|got at|found|opened|got the lid off) (?:\w+ ){0,2}"
     r"(?:<PILLS>|<SUBST>)\b(?=[^|]*\b(?:swallowed|ate|eaten|drank|drunk|taken|took|had some|chewed)\b)",
     "n"),
    # ---------------- acute hardship ----------------
    ("nothing to eat", "high", "acute_hardship",
     r"\bnot a (?:morsel|crumb|scrap)\b|\bcupboards? (?:are |is )?(?:bare|empty)\b|"
     r"\bnothing (?:at all )?in (?:the|my|our) (?:cupboards?|fridge)\b|"
     r"\bmeters? (?:are |is |have |has )?(?:empty|run out|out)\b|"
     r"\b(?:not|no|havent|hasnt|didnt|nothing to) (?:eat|eaten|ate|had (?:any )?food|had a meal) "
     r"(?:for|in|since) (?:two|three|four|\d+|a couple of|a few|few) days\b", ""),
    ("no nappies no milk", "high", "acute_hardship",
     r"\bno (?:nappies|formula|baby milk|milk|food|gas|electric|leccy)\b,? (?:and |or |n )?no "
     r"(?:nappies|formula|baby milk|milk|food|gas|electric|leccy|money)\b|"
     r"\b(?:literally |only |just )?(?:\d+p|pennies|\d+ pence) (?:left )?(?:to my name|till|until|in my account|"
     r"left)\b", ""),
    ("cold home poorly kids", "high", "acute_hardship",
     r"\b(?:no heating|no heat|boilers? (?:\w+ ){0,2}(?:broke|broken|bust|gone|packed in|not working)|no hot "
     r"water)\b(?=[^|]*\b(?:kids|baby|children|little ones?|<CHILD>)\b)(?=[^|]*\b(?:cough|coughs|chesty|"
     r"poorly|ill|freezing|cold|december|january|winter|snow)\b)", ""),
    # ---------------- concern ----------------
    ("teary", "concern", "not_coping",
     r"\b(?:teary|tearful|weepy)\b|\b(?:keep|keeps|cant stop|always) crying\b", ""),
    ("drinking to cope", "concern", "not_coping",
     r"\bdrinking (?:a lot |way )?more than (?:i should|usual|i used to|normal)\b|"
     r"\b(?:drinking|drink|wine|a drink|vodka|gin) (?:\w+ ){0,3}to (?:get through|cope|numb|sleep|forget)\b",
     "c"),
    ("not left the house", "concern", "not_coping",
     r"\b(?:not|havent|hasnt|have not|not been) (?:left|out of) the (?:house|flat) (?:in|for) "
     r"(?:a week|weeks|days|ages|\d+ days|a fortnight|months)\b", "c"),
    ("how much longer", "concern", "not_coping",
     r"\b(?:how much longer|how long) (?:\w+ )?i can (?:keep|carry on|go on|do this|cope|manage|hold)\b|"
     r"\b(?:need|want) (?:someone|somebody|anyone) to (?:tell me (?:im|i am) (?:doing|not)|talk to|"
     r"listen)\b|\bcant shake (?:it|this|the feeling|off)\b", "c"),
)
