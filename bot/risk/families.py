"""Further families of phrasings (data only; compiled with patterns.RULES by rules.RuleSet).

Added because the first rule tables, tuned on one writer's messages, missed how a
second writer said the same things. Each rule is a family of phrasings, not a
sentence. Same format and flags as patterns.RULES, plus:
  a = drop the hit when the subject is a child ("my son checks my phone")
  k = needs a child named in the message (online contact, secrets)
  x = an innocent cause in the clause (fell, football, the cat...) clears it
  d = ideation ("sometimes i think about...") lowers critical to high
"""
from __future__ import annotations

AMOUNT = (r"(?:£ ?\d+|\d+ ?(?:quid|pounds|pence|p)|(?:a|one|two|three|four|five|six|seven|eight|"
          r"nine|ten|a couple of|a few|few) (?:quid|pounds|pence))")
DAYS = (r"(?:the \d+(?:st|nd|rd|th)?|\d+(?:st|nd|rd|th)|the end of (?:the|this|next) (?:week|month)|"
        r"(?:this |next |on )?(?:friday|saturday|sunday|monday|tuesday|wednesday|thursday|weekend)|"
        r"tomorrow|tonight|next week|\d+ (?:days|weeks)|"
        r"(?:two|three|four|a couple of) (?:days|weeks)|a (?:week|fortnight|month))")
FAMILY = (r"(?:mum|dad|mother|father|mam|nan|nana|nanna|gran|granny|grandma|grandad|grandpa|brother|"
          r"sister|son|daughter|baby|husband|wife|partner|fiance|boyfriend|girlfriend|best friend|friend|"
          r"uncle|aunt|auntie|cousin|stepdad|stepmum|twin|mother in law|father in law|grandson|"
          r"granddaughter|niece|nephew|little boy|little girl)")
PERSONS = r"(?:friend|mate|mum|dad|nan|sister|brother|cousin|neighbour|auntie|aunt|uncle|family|ex|someone)"

RULES = (
    # ---------------- domestic abuse: control, fear, threats, stalking ----------------
    ("control 2", "high", "domestic_abuse",
     r"\bcontrolling (?:me|my life|everything i do|what i (?:do|wear|spend|eat|say))\b|"
     r"\b(?:<PARTNER>|he|hes|she|shes) (?:is |s |has been |been |getting |can be )?(?:really |so |very |"
     r"quite |a bit |too |more and more |super )?controlling\b(?! (?:about|over|with) (?:the|his|her) "
     r"(?:remote|tv|telly|xbox|games?|toys?|food|lego))|"
     r"\b(?:im|i am|i|me) (?:\w+ )?not allowed (?:out|to (?:go|see|have|leave|talk|speak|work|visit|ring|"
     r"call|text|use|wear|spend|drive|keep|get|open))\b|"
     r"\b(?:checks|checking|check|goes through|going through|went through|tracks|tracking|"
     r"monitors|monitoring|looks through|looking through|looked through) (?:all )?my (?:phone|messages|"
     r"texts|emails|whatsapp|facebook|location|bank|bank account|receipts|spending|post)\b|"
     r"\btrack(?:er|ing app) on my (?:phone|car)\b|"
     r"\b(?:controls|control|in control of) (?:all )?(?:of )?(?:the|our|my) (?:money|finances|bank|cards?)\b|"
     r"\b(?:keeps|kept|takes|took|taken|holds|has) (?:all )?my (?:bank card|bank cards|card|cards|wages|"
     r"benefits|child benefit|universal credit|money|passport|pay)\b|"
     r"\bgives me (?:an allowance|pocket money|<AMOUNT>) (?:a|each|every|per) (?:week|month|day)\b|"
     r"\b(?:have to|got to|makes me|made me|make me) (?:show|give|account for|explain) (?:him |her )?"
     r"(?:the |all the |every |my )?(?:receipts|penny|every penny|what i spend|where i (?:go|been|am))\b|"
     r"\b(?:wont|doesnt|does not|will not|never) (?:let|allow) me (?:to )?(?:have|keep|spend|go out|see|"
     r"leave|work|drive) (?:my own|any|a penny|money|friends)\b", "na"),
    ("permission", "high", "domestic_abuse",  # "cant go out without his permission": not a negation
     r"\b(?:without|need|needs|have to ask for|have to get|got to ask for|got to get|must ask for) "
     r"(?:his|her) (?:permission|say so)\b", "a"),
    ("afraid of partner", "high", "domestic_abuse",
     r"\b(?:scared|frightened|terrified|afraid|petrified) (?:of )?(?:what|how) "
     r"(?:hell|he will|he would|hed|he might|he could|hes going to|he is going to|shell|she will|shed|"
     r"she might|shes going to|<PARTNER> (?:will|would|might|could|is going to)) (?:\w+ )?(?:do|"
     r"be like)\b|"
     r"\b(?:scared|frightened|terrified|afraid|petrified) to (?:leave|tell|go home to|say no to|upset|argue "
     r"with|stand up to|challenge|be alone with) (?:him|her|my <PARTNER>)\b|"
     r"\bif i (?:leave|left|go|went|tell|told|report|reported|ring|call|rang|called) (?:him|her|anyone|"
     r"someone|the police|the school)(?: \w+){0,3} (?:hell|he will|hed|he would|he says he will|he said "
     r"hed|shell|she will|shed)\b", "na"),
    ("threat 2", "high", "domestic_abuse",
     r"\bthreat(?:s|ening)? (?:\w+ ){0,2}(?:messages|texts|calls|voicemails|voice notes|emails|letters)\b|"
     r"\b(?:sending|sends|sent|keeps sending|getting|got|receiving|making) (?:me )?(?:threats|death threats)\b|"
     r"\b(?:said|says|saying|told me|keeps saying|texted|messaged|threatens|threatened|threatening) "
     r"(?:that )?(?:if i \w+(?: \w+){0,3} )?(?:hell|he will|hed|he would|hes going to|he is going to|"
     r"shell|she will|shed|she would|theyll|they will|i will|ill|id) (?:\w+ )?(?:take (?:the|my) "
     r"(?:kids|children|baby|son|daughter)(?! (?:to|for|out|swimming|on))|make me pay|make my life hell|"
     r"ruin (?:me|my life)|burn|smash|come (?:round|after)|find (?:me|us)|get me|regret it|never see "
     r"(?:the|my) (?:kids|children))\b|"
     r"\b(?:make|making|gonna make|going to make) me pay\b", "na"),
    ("coming to kill", "critical", "domestic_abuse",
     r"\b(?:coming|come|on (?:his|her|their) way|heading) (?:round |over |here |back |to mine |to the house )?"
     r"(?:\w+ )?to (?:kill|stab|hurt|batter|get) (?:me|us|the kids)\b", "n"),
    ("strangled", "high", "domestic_abuse",
     r"\b(?:hands?|arm|arms|belt|fingers) (?:round|around|on|across) (?:my|her) (?:neck|throat)\b|"
     r"\b(?:strangled|strangles|strangling|choked|chokes|choking|throttled|throttles) me\b", "na"),
    ("attack happening", "critical", "domestic_abuse",
     r"\b(?:hands?|arm|belt|fingers) (?:are|is) (?:round|around|on) (?:my|her) (?:neck|throat)\b|"
     r"\b(?:just|has just|have just|hes just|shes just) (?:stabbed|shot|glassed|slashed|strangled|knocked out|"
     r"burnt|burned) (?:me|him|her|us|my \w+)\b|\b(?:ive|i have|i|im|weve) (?:just )?(?:been|got) "
     r"(?:stabbed|shot|glassed|slashed)\b|"
     r"\b(?:theres|there is|a|some) (?:man|stranger|someone|intruder|bloke|guy) (?:\w+ )?in (?:my|our|the|"
     r"her|his) (?:\w+ )?(?:room|bedroom|house|flat|home)\b(?! (?:to|doing|fixing|for))", "n"),
    ("tracks where i am", "high", "domestic_abuse",
     r"\b(?:tracks|tracking|tracked|checks|checking|monitors|monitoring|controls|controlling|dictates) "
     r"(?:\w+ )?(?:where i (?:am|go|been|was)|who i (?:talk|speak|text|see|message|ring|meet)|what i "
     r"(?:spend|buy|wear|eat|do))\b", "na"),
    ("stalking", "high", "domestic_abuse",
     r"\b(?:keeps?|kept|been|is|s) (?:\w+ )?(?:following|stalking|watching) (?:me|us)\b|"
     r"\bfollow(?:s|ed|ing) me (?:home|to work|to school|everywhere|around|about)\b|"
     r"\b(?:turns|turned|turning|keeps turning|keep turning) up (?:at|outside) (?:my|our) (?:house|door|work|"
     r"flat|home|mums)\b|\b(?:sitting|parked|waiting) outside (?:my|our) (?:house|flat|work|home)\b|"
     r"\bwont (?:leave|stop harassing) (?:me|us) alone\b|\bharass(?:ing|es|ed) me\b|"
     r"\b(?:messaging|texting|calling|ringing|phoning|contacting) me (?:constantly|all the time|every day|"
     r"non stop|nonstop|day and night|from (?:new|different) numbers|\d+ times a day)\b|"
     r"\b(?:<PARTNER>|he|she)\b(?: \w+){0,3} (?:keeps |been |always |is |s )?(?:driving|drives|drove|walking|"
     r"walks|hanging around|loitering|sitting) (?:past|by|round|outside|near) (?:my|our|the) (?:house|flat|"
     r"work|home|door)\b", "na"),
    ("found me", "high", "domestic_abuse",
     r"\b(?:<PARTNER>|he|she|hes|shes)\b(?: \w+){0,4} (?:knows|found out|has found|worked out|got hold of) "
     r"(?:where (?:i|we) (?:live|are|work|are staying)|my (?:new )?(?:address|number))\b", "nah"),
    ("emotional abuse", "high", "domestic_abuse",
     r"\b(?:calls|calling|called) me (?:a |an )?(?:useless|stupid|worthless|fat|ugly|thick|pathetic|mental|"
     r"crazy|psycho|slag|slut|whore|bitch|names|every name)\b(?! (?:for|at|in) (?:the )?(?:quiz|game|"
     r"fun|joke))|"
     r"\b(?:smashed|broke|snapped|threw|stamped on) my (?:phone|keys|glasses)\b|"
     r"\b(?:took|takes|hid|hides|taken) my (?:phone|keys|car keys|passport) (?:so i|off me so|away so)\b", "na"),
    # ---------------- self-harm ----------------
    ("threatening to", "high", "SUBJ",
     r"\b(?:threatening|threatens|threatened|keeps saying (?:hes|shes|he is|she is) going) to (?:kill|hang|"
     r"stab|cut|hurt|harm|end|drown) (?:himself|herself|themselves|myself|his life|her life)\b", "ni"),
    ("threatening to jump", "critical", "SUBJ",
     r"\b(?:threatening|threatens|threatened|says (?:hes|shes|he is|she is) going|going|trying) to "
     r"(?:jump|throw (?:himself|herself|themselves)) (?:\w+ ){0,2}(?:out of|off|from) (?:the|a|his|her|"
     r"my|their) (?:\w+ )?(?:window|bridge|roof|balcony|building|car park)\b", "n"),
    ("self harm again", "high", "SUBJ",
     r"\b(?:cutting|self harm|harming|burning (?:myself|herself|himself)|hurting (?:myself|herself|himself)) "
     r"again\b|\b(?:started|been|back to|gone back to|relapsed|urges? to|urge to start) (?:cutting|self harm)\b"
     r"(?! (?:out|up|back|down|the|his|her|my|some|a|shapes|paper))", "nh"),
    ("easier without me", "high", "self_harm",
     r"\b(?:easier|better|simpler|fine|happier|calmer) (?:for (?:everyone|them|the kids|all of them|my family) )?"
     r"if i (?:just )?(?:wasnt|werent|was not|were not|was gone|wasnt here|disappeared|died|didnt exist)\b|"
     r"\bending it all\b|\b(?:thinking about|considering|think about|thought about) ending it\b(?! with)", "nhi"),
    ("no way out", "high", "self_harm",  # "dont see a way out except ending it": not a negation
     r"\b(?:no way out|only way out|way out) (?:\w+ ){0,3}(?:ending it|end it|ending things|dying|to die|"
     r"killing myself)\b", "hi"),
    ("do something stupid", "high", "self_harm",
     r"\b(?:scared|afraid|worried|frightened|terrified) (?:that )?(?:i|ill|i will|i might|im going to|i could) "
     r"(?:do something (?:stupid|silly|daft|i (?:regret|cant take back))|hurt myself|not (?:be able to )?keep "
     r"myself safe)\b|\bdo something stupid to myself\b", "n"),
    ("goodbye messages", "critical", "SUBJ",
     r"\b(?:saying|said|sending|sent|texting|texted|messaging|messaged|posting|posted) (?:his |her |my |their )?"
     r"goodbyes? (?:messages? )?(?:to|on) (?:everyone|all|us|his friends|her friends|everybody|family|snapchat|"
     r"instagram|facebook)\b(?! (?:at|in) (?:the )?(?:leavers|assembly|party|school|gate|airport|station))", "n"),
    ("going to take pills", "high", "SUBJ",
     r"\b(?:going to|gonna|about to|want to|will|ill|planning to|tempted to) (?:take|swallow|neck|down) "
     r"(?:all|the lot of|every one of|loads of|a load of|all of|the whole (?:box|packet) of) (?:my |the |his |"
     r"her |these |those )?(?:\w+ )?<PILLS>\b", "nhi"),
    ("no point being here", "high", "self_harm",
     r"\bpoint (?:in|of) (?:me )?(?:even )?(?:being here|being alive|me being here|existing|waking up|"
     r"being around)\b", "nh"),
    ("searching methods", "high", "SUBJ",
     r"\b(?:search(?:ed|ing)?|search history|googl(?:ed|ing)|look(?:ed|ing) up|research(?:ed|ing)) "
     r"(?:\w+ ){0,2}(?:ways to (?:die|kill|end)|how to (?:kill|die|end (?:it|my life|his life|her life)|"
     r"hang|overdose|self harm)|painless ways|suicide methods|how many (?:pills|tablets|paracetamol))\b", "n"),
    # ---------------- child at risk ----------------
    ("marks on child", "high", "child_at_risk",
     r"\b(?:found|noticed|notice|seen|saw|spotted|there are|theres|has|got|covered in|keep finding) "
     r"(?:some |lots of |loads of |fresh |new |old |little |these |weird |funny |deep |loads |red )?"
     r"(?:cuts|scratches|scars|bruises|bruising|marks|burns|burn marks|cigarette burns|bite marks|welts|"
     r"finger marks|handprints?|lines|slashes) (?:on|all over|up|down|across|round) (?:my |his |her |their |"
     r"the )?(?:<CHILD>s? )?(?:arms?|legs?|wrists?|thighs?|back|face|neck|body|tummy|stomach|bum|chest|"
     r"ribs|skin|<CHILD>s?)\b", "nx"),
    ("marks on baby", "high", "child_at_risk",
     r"\b(?:baby|newborn|\d+ (?:week|month) old|babys)\b[^|]{0,30}\b(?:bruise|bruises|bruising|marks?|burns?|"
     r"fracture|broken (?:arm|leg|rib|bone))\b|\b(?:bruise|mark|burn|handprint|bite mark|cut) (?:on|behind|"
     r"round) (?:his|her|their|my <CHILD>s?) (?:face|neck|ear|ears|cheek|eye|back|bum|tummy|stomach|chest|"
     r"ribs)\b", "nx"),
    ("marks on child 2", "high", "child_at_risk",
     r"\b(?:cuts|scratches|scars|bruises|bruising|burns|burn marks|welts|finger marks|slashes) (?:\w+ )?"
     r"(?:on|all over|up|down|across|round) (?:his|her|their|my <CHILD>s?) (?:arms?|legs?|wrists?|thighs?|"
     r"back|face|neck|body|tummy|stomach|bum|chest|ribs|skin)\b|"
     r"\b(?:found|finding|keep finding|there are|theres) (?:a |some )?(?:razor|razors|razor blades?|blades|"
     r"sharpener blades?) (?:\w+ ){0,2}(?:in|under|hidden in) (?:his|her|their|my <CHILD>s?)\b", "nx"),
    ("child attacked", "high", "child_at_risk",
     r"\b<CHILD>s? (?:\w+ ){0,2}(?:got|was|has been|been|gets|getting|were|have been|has got) (?:badly )?"
     r"(?:beaten up|beat up|battered|jumped(?! on\b)|attacked|assaulted|mugged|stabbed|robbed|set upon|"
     r"strangled|spiked|threatened with a knife)\b|"
     r"\b(?:lads|boys|kids|gang|group|older kids|older boys|teenagers|youths|men|a man|someone) "
     r"(?:\w+ ){0,3}(?:battered|beat up|jumped|attacked|mugged|stabbed|robbed|set on|kicked in|"
     r"pulled a knife on) (?:my|him|her|them)\b|\bbeat (?:him|her|my \w+) up\b|"
     r"\b(?:pulled|pulls|drew|held|waved|flashed) (?:a|his|her) (?:knife|blade|gun|machete) (?:on|at|to) "
     r"(?:my <CHILD>|him|her|them)\b", "n"),
    ("child online contact", "high", "child_at_risk",
     r"\b(?:talking|talks|chatting|chats|speaking|messaging|texting|snapchatting|facetiming|video calling|"
     r"gaming) (?:to|with) (?:adults?|grown ups|a grown up|grown (?:men|man|women|woman)|older (?:men|man|"
     r"boys|lads|guys|people)|an? (?:older|grown|adult) (?:man|boy|lad|guy|woman)|a man|men|strangers|"
     r"a stranger|random (?:men|"
     r"people|adults|blokes)|someone (?:he|she|they) (?:met|doesnt know|dont know|has never met)|people "
     r"(?:he|she|they) (?:dont|doesnt|have never) (?:know|met))\b|"
     r"\b(?:sent|sending|sends|send|shared|sharing) (?:\w+ ){0,2}(?:photos|pics|pictures|videos|selfies|"
     r"nudes|images) (?:of (?:her|him|them)sel(?:f|ves) )?to (?:someone|somebody|a stranger|strangers|a man|"
     r"men|a boy|a guy|a lad|an adult|adults|an older|this (?:man|boy|guy|person|lad))\b|"
     r"\b(?:met|meeting|meet) (?:up with )?(?:someone|somebody|a man|a boy|a guy|a lad|an adult|people|"
     r"this (?:man|boy|guy|person|lad)) (?:\w+ ){0,2}(?:online|on (?:a game|an app|snapchat|tiktok|"
     r"instagram|roblox|discord|fortnite))\b|"
     r"\b(?:with|by) (?:older|grown|adult) (?:men|man|lads|guys|boys)\b", "nk"),
    ("child asked for photos", "high", "child_at_risk",
     r"(?=[^|]*\b(?:stranger|strangers|man|men|adult|adults|older|online|instagram|snapchat|tiktok|"
     r"roblox|discord|whatsapp|fortnite|someone|somebody|guy|bloke|lad|coach|uncle)\b)"
     r"\b(?:asked|asking|asks|wants|wanted|begging|pressuring|pressured) (?:him |her |them |my \w+ )?"
     r"(?:\w+ ){0,2}(?:for|to send|to take) (?:some |more )?(?:\w+ )?(?:pictures|photos|pics|selfies|videos|"
     r"nudes|images)\b(?! (?:for|of) (?:the )?(?:school|yearbook|passport|form|club|team|competition|trip))|"
     r"\b(?:messages|texts|snaps|dms|friend requests) from (?:an? )?(?:older|grown|adult|strange) (?:man|men|"
     r"boy|lad|guy|person|people)\b|\b(?:messages|messaging|texting|snapchatting|dming|contacting) (?:him|her|"
     r"them|my \w+) (?:privately|in private|secretly|in secret|late at night|at night)\b|"
     r"\bshow(?:ed|s|ing|n)? (?:him|her|them|my \w+) (?:rude|dirty|naked|sexual|porn\w*|inappropriate|"
     r"explicit) (?:pictures|photos|pics|videos|things|images|stuff)\b", "nk"),
    ("grooming signs", "high", "child_at_risk",
     r"\b(?:older|grown|adult) (?:guy|guys|man|men|lad|lads|bloke|blokes|boys?) (?:\w+ ){0,3}(?:picking|"
     r"picks|picked|collecting|driving|drives|giving (?:her|him) lifts|buying|buys|bought|taking|takes|took) "
     r"(?:her|him|them|my \w+)\b|\bturned out to be (?:a man|an adult|a grown|an older|older|a \d+ year old "
     r"man)\b|\b(?:tells|told|telling|asked|asks|makes|made) (?:him|her|them|my \w+) not to tell\b|"
     r"\bputs? (?:his|her) hands? (?:on|up|down|in) (?:her|his|their) (?:leg|legs|thigh|thighs|knee|bum|top|"
     r"skirt|shorts|pants|trousers|knickers)\b|\b(?:sent|sending|sends|shared) (?:\w+ ){0,2}(?:photos|pics|"
     r"pictures|videos|selfies|nudes) to (?:a girl|a boy|someone|a person) (?:he|she|they) (?:met|only knows|"
     r"doesnt know)\b", "nkx"),
    ("child told to keep secrets", "high", "child_at_risk",
     r"\b(?:makes?|made|making|told|tells|telling|asked|asks|asking) (?:him|her|them|my \w+) (?:to )?"
     r"(?:\w+ ){0,6}keep (?:\w+ ){0,2}(?:a )?secrets?\b", "nkx"),
    ("child snatched", "critical", "child_at_risk",
     r"\b(?:snatched|grabbed|just (?:taken|took)|has just taken) (?:the|my|our) (?:\w+ )?<CHILD> "
     r"(?:\w+ ){0,4}(?:and )?(?:driven off|drove off|ran off|run off|gone|disappeared|sped off)\b", "n"),
    ("child unreachable", "critical", "child_at_risk",
     r"\b(?:gone|been gone|been out|not back|not home|missing|disappeared|left) (?:since|at|for) "
     r"[^|]{0,40}\b(?:phone|mobile) (?:is |s |has been )?(?:off|switched off|dead|going (?:straight )?to "
     r"voicemail)\b|\b(?:phone|mobile) (?:is |s )?(?:off|switched off|dead|going (?:straight )?to voicemail)\b"
     r"[^|]{0,40}\b(?:gone|been gone|not back|not home|hasnt come (?:home|back)|missing) (?:since|for)\b|"
     r"\b(?:dont|do not|no one|nobody|noone) (?:knows?|know) where (?:he|she|my \w+|our \w+) (?:is|has gone)\b"
     r"(?! with)", "nk"),
    ("child disclosure", "high", "child_at_risk",
     r"\b(?:comes|came|coming|goes|went) (?:in|into) (?:her|his|their) (?:room|bed|bedroom) at night\b|"
     r"\b(?:scared|frightened|terrified) (?:of|to go to|to stay at|to be with) (?:her|his|their) (?:dad|"
     r"stepdad|step dad|uncle|mums boyfriend|grandad|mums partner|dads girlfriend|stepmum)s?\b", "n"),
    # ---------------- medical emergency ----------------
    ("scald", "critical", "medical_emergency",
     r"\b(?:boiling|hot) (?:water|kettle|oil|fat|pan|tea|coffee|bath) (?:\w+ )?(?:over|on|onto|all over|down) "
     r"(?:himself|herself|themselves|myself|him|her|his|my)\b|\b(?:scalded|scalding)\b(?! hot)|"
     r"\b(?:badly|severely|really badly) (?:burnt|burned|scalded)\b", "n"),
    ("collapsed", "critical", "medical_emergency",
     r"\b(?:went|gone|fell|dropped|keeled|slumped|flopped|collapsed) (?:down|over|to the floor|on the floor)\b"
     r"(?: \w+){0,6} (?:wont|cant|isnt|not|doesnt|cannot) (?:answer|respond|wake|move|get up|talk|breathe|"
     r"open)|\b(?:lips|face|skin|hes|shes|he is|she is|baby is|babys) (?:\w+ )?(?:going |gone |turning |"
     r"turned )?(?:grey|blue|purple)\b(?=[^|]*\b(?:collapsed|floor|went down|fell|wont|breath|answer|"
     r"respond|wake|floppy|fit))", ""),
    # ---------------- acute hardship ----------------
    ("eviction 2", "high", "acute_hardship",
     r"\bnotice to (?:quit|leave|vacate)\b|\bno fault (?:eviction|notice)\b|"
     r"\b(?:served|given|got|received|handed|sent) (?:us |me )?(?:an? |our |the )?(?:eviction notice|"
     r"eviction papers|section 21|section 8|s21|possession order|court papers|notice to quit)\b|"
     r"\b(?:gave|given|giving|served) (?:us|me) (?:\w+ )?notice\b(?! (?:of|about|at work))|"
     r"\b(?:landlord|landlady|letting agents?|agency|housing association|council|owner)\b[^|]{0,60}"
     r"\b(?:out|leave|move|gone|vacate)\b[^|]{0,20}\b(?:by|before|within|in|on) <DAYS>\b|"
     r"\b(?:told|telling|tells|want|wants|given|asked) (?:us |me )?(?:to )?(?:be |get |move )?out (?:by|before|within|"
     r"in) <DAYS>\b|"
     r"\b(?:landlord|landlady|agent|council|he|she|they|<PARTNER>) (?:\w+ ){0,3}(?:changed the locks|"
     r"locked (?:us|me|me and the kids) out)\b|\bpossession (?:order|hearing)\b", "n"),
    ("nowhere to live", "high", "acute_hardship",
     r"\bnowhere (?:else )?(?:to go|to stay|to live|to sleep|for us to (?:go|stay|live))\b(?! (?:in|at|"
     r"during|over|for) (?:the )?(?:holidays|half term|summer|weekends?|lunch|break|playtime))|"
     r"\b(?:staying|sleeping|living|kipping|crashing|dossing|stopping|slept|stayed) (?:on|at) (?:a |my |"
     r"our |his |her |their )?<PERSONS>s? (?:floor|sofa|settee|couch|sofas|floors)\b|"
     r"\b(?:living|staying|sleeping|stuck|put|placed) in (?:a |the )?(?:hostel|homeless hostel|shelter|"
     r"night shelter|emergency accommodation|b and b)\b|\bon the streets\b|"
     r"\b(?:living|stuck|staying) in (?:a |the |my |our )?(?:car|van)\b(?! (?:park|wash|seat|boot))|"
     r"\bnowhere (?:permanent|to call home|of our own)\b|\bno fixed (?:address|abode)\b|"
     r"\bliving out of (?:a |my |our )?(?:suitcase|suitcases|bags|bin bags|rucksack)\b", "n"),
    ("no food tonight", "high", "acute_hardship",
     r"\bnothing (?:left )?(?:to give|to feed|for|in for|to make|to cook) (?:the kids|them|us|my kids|"
     r"the children|the baby|my son|my daughter|him|her)?(?: for)? ?(?:dinner|tea|breakfast|lunch|supper|"
     r"to eat|food|tonight|today)\b|"
     r"\b(?:havent|have not|dont|do not|not) (?:got |have )?anything (?:to feed|to give|for) (?:them|the kids|"
     r"my kids|the children|the baby|us)\b(?: \w+){0,3} (?:tonight|today|tea|dinner|breakfast)\b|"
     r"\b(?:no|not any|havent got any|dont have any|not got any) (?:food|dinner|tea) (?:\w+ ){0,3}"
     r"(?:tonight|today|this evening)\b|\bnothing else to eat\b|\b(?:because|cos|as|since) (?:theres|there is) "
     r"nothing else\b(?=[^|]*\b(?:eat|food)\b)|\b(?:dinner|tea|breakfast|lunch) (?:\w+ ){0,3}(?:because|cos|as) "
     r"(?:theres|there is) nothing else\b", "n"),
    ("no money till", "high", "acute_hardship",
     r"\b(?:only |just |literally |got |have |ive got |i have |theres |down to |left with )<AMOUNT> "
     r"(?:\w+ ){0,3}(?:to my name|to last|left|till|until|for the week|to feed)\b|"
     r"<AMOUNT> (?:to my name|to last (?:us|me|the week|till|until))\b|"
     r"\b(?:havent|hasnt|have not|not|dont|didnt) (?:got|have|had) (?:a penny|a single penny|a bean|any "
     r"money at all)\b|\bnot a penny\b|\bno money (?:at all|whatsoever)\b|"
     r"\bcant (?:top up|put (?:money|anything|credit) on) (?:the |my )?(?:meter|electric|gas|key|card)\b|"
     r"\b(?:electrics|lights|power) (?:have |has |are |is )?(?:run out|ran out|gone off|cut off)\b", ""),
    # ---------------- concern: struggling parent ----------------
    ("check-in 3", "concern", "not_coping",
     r"^(?:(?:prob|probably|maybe|def|definitely|defo|honestly|id say|i would say|i think|its a|a|more "
     r"like|about|a solid|solid|deffo) )*3(?: (?!(?:year|years|yr|yrs|yo|kids|children|boys|girls|of|weeks|"
     r"days|months|hours|hrs|minutes|mins|pm|am|oclock|o|times|quid|pounds|p|pence|x|miles|sons|"
     r"daughters|little|more|left|for|and|or|to(?! be (?:fair|honest))|out|in|on|a|an|the|\d+)\b)|$)", ""),
    ("short low answer", "concern", "not_coping",
     r"^(?:(?:honestly|really|pretty|so|just|to be honest|its been|been|a|an|bit of a|had a|having a|very|"
     r"well|not gonna lie|erm|um|ugh|urgh|meh|another|such a) )*(?:awful|terrible|rubbish|crap|shit|shite|"
     r"horrendous|grim|horrible|dreadful|pants|rough|bad|hell|a nightmare|shocking|dire|horrid|draining|"
     r"exhausting|miserable|brutal|hideous|not great|not good|not so good|"
     r"not too good|not the best|not brilliant|not amazing|hard|tough)(?: (?:week|day|month|few days|few "
     r"weeks|weekend|night|time|one))?(?: (?:honestly|to be honest|really|tbf|mate|thanks|ta|if im honest|"
     r"again|as usual|really bad|so bad|bad|x+))*(?: \|.*)?$", ""),
    ("bad week", "concern", "not_coping",
     r"\b(?:bad|awful|terrible|horrible|rough|shit|shite|crap|grim|hard|tough|difficult|horrendous|"
     r"dreadful|hellish|stressful|nightmare|shocking|dire|horrid|draining|exhausting|miserable|brutal) "
     r"(?:week|weeks|few days|few weeks|month|months|weekend|night|"
     r"nights|year|time|patch|spell|time of it)\b"
     r"(?! (?:for|at) (?:him|her|them|the kids|my \w+|school|work|the weather))", "nc"),
    ("low 2", "concern", "not_coping",
     r"\bcried\b(?! (?:laughing|with laughter|at the film|at the nativity|happy tears))|"
     r"\b(?:burst|bursting|bursts|broke down|break down|breaking down) (?:into|in) tears\b|"
     r"\bdread(?:ing)? (?:every|each|the|going|getting|waking|mornings|bedtime|weekends)\b|"
     r"\b(?:cant|dont|cannot) remember the last time i (?:felt|was) (?:happy|ok|okay|good|myself|normal)\b|"
     r"\bhavent felt (?:happy|myself|right|normal|ok|okay|like me) (?:in|for) (?:ages|weeks|months|years)\b|"
     r"\bnerves (?:are |is )?(?:shot|shredded|in tatters|frayed|gone)\b|\b(?:stress|worry|worrying|anxiety|"
     r"this|it) (?:is |s )?making me (?:ill|sick|poorly|unwell)\b|"
     r"\b(?:im|i am|i keep|keep|been) (?:\w+ )?(?:snapping|screaming|shouting) at (?:everyone|everybody|"
     r"the kids|them|my kids|him|her|my partner)\b|\b(?:the )?(?:tiredness|exhaustion|stress) (?:is |s )?"
     r"(?:unreal|unbearable|next level|too much|horrendous|insane|crushing)\b|"
     r"\bmy mood\b(?: \w+){0,3} (?:low|rubbish|on the floor|in my boots|awful|terrible|all over the place|"
     r"rock bottom|through the floor|dark|bad|shocking)\b", "nc"),
    ("money worry 2", "concern", "acute_hardship",
     r"\b(?:worried|worrying|stressing|panicking|scared|dont know|no idea) (?:about )?(?:how|if|whether) "
     r"(?:we|i|well|ill|were going to|im going to|we are going to|we will|i will|we can|i can) (?:\w+ )?"
     r"(?:pay|afford|manage|cover|make ends meet|get through the month)\b", "n"),
    ("alone", "concern", "not_coping",
     r"\bfeel(?:s|ing)? (?:\w+ ){0,2}alone\b|\b(?:so|very|really|totally|completely) alone\b", "nc"),
    ("too much", "concern", "not_coping",
     r"\b(?:its|it s|it is|everything|everythings|this|things|life|it all|it|its all|that|all|all of this|"
     r"all this|all of it) (?:(?:is|s|"
     r"are|feels|feel|gets|getting|got|has got|have got|becoming|has become|has been|been|just|all|a bit|"
     r"way|far|so|really) )*too much\b(?! (?:to ask|for (?:a|the|his|her) \w+|of a|homework|money|"
     r"sugar|time|screen|salt|to carry|to fit))", "n"),
    ("parenting self blame", "concern", "not_coping",
     r"\b(?:im|i am|i feel like|feel like|i feel|im just) (?:not|never) (?:a |being a )?(?:good|good enough|"
     r"great|decent|proper|very good|nice) (?:mum|mother|parent|dad|father|mam)\b|"
     r"\b(?:never|cant|cant ever|can never|never seem to|cant seem to|dont ever) (?:get|do) (?:\w+ )?"
     r"(?:parenting|it|anything|this mum thing|this parenting thing|being a mum|being a parent) right\b|"
     r"\b(?:keep|always|constantly|forever|just keep) (?:messing|mucking|screwing|cocking|fucking|mess|muck|"
     r"screw|cock|fuck) "
     r"(?:it |things |everything |them )?up\b|"
     r"\b(?:everything|whatever|anything|all) i (?:do|try|say)(?: \w+){0,4} (?:is|s|its|it s|it is|seems|"
     r"turns out|goes|comes out)(?: \w+)? ?(?:wrong|rubbish|not good enough|never good enough|a disaster)\b|"
     r"\b(?:kids|children|they|he|she|my \w+) (?:would be|d be|wouldve been|would have been|deserve|"
     r"deserves) (?:\w+ )?better (?:off )?(?:(?:mum|mother|parent|dad|father|person) )?(?:with|than) "
     r"(?:a |another |someone )?(?:different|better|other|else|proper|new|me|mum|mother|parent|dad|"
     r"person|family)\b|"
     r"\b(?:failing|ruining|damaging|messing up|screwing up) (?:them|my kids|the kids|my children|my son|"
     r"my daughter)\b|"
     r"\b(?:rubbish|useless|terrible|awful|hopeless|crap|shit|no good) (?:at|as) (?:this |being a |a )?"
     r"(?:mum|mother|parent|dad|parenting|being a mum|being a parent|mum thing|parenting thing)\b|"
     r"\bdont know what im doing (?:as a (?:mum|parent|dad)|with (?:the kids|them|him|her|my \w+))\b|"
     r"\bwhy cant i (?:just )?be (?:a )?(?:normal|good|better|proper) (?:mum|mother|parent|dad)\b|"
     r"\b(?:getting|get|got|doing) (?:it |everything |things )?(?:all )?wrong (?:with|for) (?:him|her|them|"
     r"the kids|my \w+)\b|\b(?:shout|shouting|snap|snapping|yell|yelling) at (?:them|the kids|my kids|him|"
     r"her) (?:all the time|constantly|every day|non stop)\b", "nc"),
    ("bereavement", "concern", "not_coping",
     r"\b(?:my|our|the kids|the childrens|my husbands|my wifes|my partners) <FAMILY>s? (?:(?:has|have|"
     r"just|sadly|suddenly|recently|also|unexpectedly) )*(?:died|has died|passed away|past away|was killed|"
     r"got killed|lost (?:his|her) (?:fight|battle))\b"
     r"(?! (?:\w+ )?(?:\d+|\w+) years? ago)|"
     r"\b(?:my|our|the kids|the childrens) <FAMILY>s? (?:\w+ )?passed(?= (?:on|last|yesterday|this|in|at|"
     r"suddenly|recently|before|over|\d)|$| \|)|"
     r"\b(?:lost|losing) (?:my|our) <FAMILY>\b(?! (?:in|at) the (?:shop|supermarket|crowd|park|playground|"
     r"queue|market|fair|zoo)| for a (?:minute|moment|second|bit))|"
     r"\b(?:im|i am|been|still) grieving\b|\bmiscarr(?:ied|iage)\b|\bstillborn\b|"
     r"\bfuneral (?:is|was) (?:on|tomorrow|today|next|this|last|yesterday)\b", "n"),
)

# an innocent cause named in the same clause ("a bruise from football", "the cat scratched her")
DISBELIEF_CUES = (r"\b(?:dont believe|not sure i believe|doesnt add up|dont buy it|not convinced|"
                  r"story keeps changing|wont say how|wont tell me how)\b")
INNOCENT_CUES = (r"\b(?:fell|fall|falling|fallen|tripped|slipped|accident|accidentally|by accident|"
                 r"football|rugby|netball|pe|trampoline|scooter|bike|climbing|cat|dog|ball|"
                 r"nothing serious|not serious|chickenpox|eczema|rash|surprise|present|party|birthday|"
                 r"christmas)\b")
# thinking about a method, not at it ("sometimes i think about jumping in front of a car")
IDEATION_CUES = (r"\b(?:think|thinking|thought|thoughts|imagine|imagining|fantasi[sz]e|picture|"
                 r"sometimes|some days|dream|dreaming|wonder|wondering|used to)\b")
# an information request about a service ("number for the domestic abuse helpline")
HELPLINE_CUES = (r"\b(?:number|numbers|phone number|contact|contact details|details|website|link|"
                 r"helpline|hotline|line)\b(?: \w+){0,3} (?:for|of|to)\b|\bhelpline\b")

# ---------------------------------------------------------------------------
# Third round: families missed on a third writer's messages (formal, minimising,
# text-speak without subjects, second-language English, indirect disclosures).
RULES = RULES + (
    # ---------------- self-harm: passive ideation, preparations, no subject ----------------
    ("no point anymore", "high", "self_harm",
     r"\b(?:dont|do not|cant|cannot|can not|no longer|struggling to|struggle to) see (?:the|any|much) "
     r"point (?:anymore|any more|no more|in (?:anything|it all|going on|carrying on|living|life|trying|"
     r"waking up|getting up|any of it))\b|\bno (?:reason|point|reasons) (?:left )?(?:to|for me to) "
     r"(?:go on|carry on|keep going|stay|be around|get up|wake up)\b", "nhi"),
    ("affairs in order", "critical", "self_harm",
     r"\b(?:put|putting|got|getting|sorted|sorting|set|setting) (?:all )?my (?:affairs|things|papers) "
     r"in order\b(?=[^|]*\b(?:no reason|no point|go on|carry on|goodbye|gone|end|ending|tonight|"
     r"no longer|tired of|wont be|last|pills|tablets)\b)|"
     r"(?=.*\b(?:no reason|no point|go on|carry on|goodbye|tired of|wont be here)\b)"
     r".*\b(?:put|putting|got|getting|sorted|sorting) (?:all )?my (?:affairs|things|papers) in order\b", "n"),
    ("decided tonight", "critical", "self_harm",
     r"\b(?:tonights? (?:is )?the night|today is the day|tonight is the night|this is (?:it|the end))\b"
     r"[^|]{0,40}\b(?:made (?:up )?my mind(?: up)?|my minds made up|ive decided|i have decided|"
     r"decision is made|no going back)\b|"
     r"\b(?:made (?:up )?my mind(?: up)?|my minds made up|ive decided|i have decided|no going back)\b"
     r"[^|]{0,40}\b(?:tonights? (?:is )?the night|today is the day|tonight is the night|this is (?:it|the end))\b",
     "n"),
    ("took pills no subject", "critical", "self_harm",
     r"(?:^|\| )(?:just |already )?(?:taken|took|swallowed|necked|downed|had) <LOTS> (?:of )?"
     r"(?:my |the |me )?(?:\w+ )?<PILLS>\b", "n"),
    # ---------------- domestic abuse: minimised violence, control, threats at the door ----------------
    ("minimised violence", "high", "domestic_abuse",
     r"\bhandy with (?:his|her|their) (?:fists|hands)\b|"
     r"\b(?:gets?|got|getting|can get|goes|went) (?:a bit |a little |quite |really |very |too )?"
     r"(?:physical|rough|violent|handy) with (?:me|us|her|my (?:daughter|wife|mum|sister))\b|"
     r"\b(?:rais(?:es|ed|ing|e)|lift(?:s|ed|ing)?) (?:his|her|a) (?:hand|hands|fist|fists) "
     r"(?:to|at|against) (?:me|us|her|my \w+)\b", "na"),
    ("cant go out without", "high", "domestic_abuse",
     r"\b(?:cant|can not|cannot|not allowed to|dont dare|daren t|darent|wont let me) "
     r"(?:go (?:out|anywhere|to \w+)|leave the house|see (?:my )?(?:friends|family|mum|mates)|go to work) "
     r"(?:\w+ ){0,2}(?:without (?:him|her)|unless (?:hes|shes|he is|she is|he comes|she comes))\b|"
     r"\b(?:took|takes|has taken|taken|hid|hides) my (?:phone|keys|car keys|passport|bank card|card|money)"
     r"\b(?=[^|]*\b(?:cant|not allowed|wont let|without him|without her|so i)\b)", "na"),
    # ---------------- child at risk ----------------
    ("unexplained marks", "high", "child_at_risk",
     r"\b(?:bruise|bruises|bruising|marks|cuts|burns|burn marks|welts|scratches|black eye|injury|injuries)\b"
     r"[^|]{0,60}\b(?:(?:cant|cannot|can not|wont|will not|wouldnt|would not|doesnt|does not|didnt|did not|"
     r"refuses to|refused to) (?:\w+ )?(?:explain|account for|say how|tell me how|say where|tell me where|"
     r"say what happened|tell me what happened|talk about)|no explanation|doesnt know how)\b", "nk"),
    ("child scared at home", "high", "child_at_risk",
     r"\b(?:<CHILD>s?|she|he|they) (?:is |s |are |re |gets |seems |has been |been )?(?:really |so |very )?"
     r"(?:scared|frightened|terrified|petrified|afraid) (?:to (?:be|go|stay|sleep) (?:in the house|at home|"
     r"home|alone|in (?:her|his|their) room)|of being (?:left )?(?:alone|on (?:her|his) own) with)\b"
     r"[^|]{0,40}\b(?:he|hes|him|when he|when hes|with him|his mate|partner|stepdad|uncle|boyfriend)\b", "nk"),
    ("asked child for images", "high", "child_at_risk",
     r"(?=.*\b(?:online|someone|stranger|a man|an adult|older|game|snapchat|instagram|tiktok|discord|"
     r"roblox|app|whatsapp|messaging|messaged)\b)"
     r".*?\b(?:wants|wanted|asked|asking|asks|keeps asking|pressuring|pressured|begging|begged|told) "
     r"(?:her|him|them|my \w+(?: year old)?) (?:to |for )?(?:send|sending|take) (?:\w+ ){0,2}(?:photos|pics|"
     r"pictures|nudes|selfies|videos|images|some back|one back|them back)\b", "nk"),
    # ---------------- medical emergency ----------------
    ("child swallowed pills", "critical", "medical_emergency",
     r"\b<CHILD>s? (?:has |have |s |is |might have |may have |must have )?(?:just )?(?:swallowed|eaten|ate|"
     r"drunk|drank|chewed|got into|been into) (?:some |a few |a couple of |one of |two of |loads of |all |"
     r"half |)?(?:of )?(?:my |the |his |her |mums |dads |nans |grans |granny s |some )?(?:\w+ )?"
     r"(?:<PILLS>|<SUBST>)\b", "n"),
    ("wont wake with signs", "critical", "medical_emergency",
     r"(?=.*\b(?:fever|temperature|temp|floppy|limp|fit|fitting|seizure|shaking|breathing|blue|grey|"
     r"head|fell|fall|collapsed|pills|tablets|drunk|vomit|vomiting|sick|rash|hot)\b)"
     r".*?\b(?:not|wont|will not|cant|cannot|can not|doesnt|does not|isnt|is not|not able to) "
     r"(?:\w+ )?(?:wake|waking|rouse|respond|responding)\b(?! (?:up )?(?:for|in the|on time|early|til|until))",
     ""),
    # ---------------- acute hardship ----------------
    ("skipping meals", "high", "acute_hardship",
     r"\b(?:skipping|skipped|skip|going without|gone without|went without|go without|missing|missed) "
     r"(?:\w+ )?(?:meals?|dinners?|food|eating|breakfasts?|lunch|lunches|tea)\b[^|]{0,40}"
     r"\b(?:for (?:a week|a fortnight|days|weeks|\d+ days|two days|three days|a few days)|so (?:the kids|they|"
     r"my kids|the children|he|she|the boy|the girl|my \w+) (?:can|could|get|have|eat|might)|kids get|"
     r"every (?:day|other day)|most days)\b", "n"),
    # ---------------- concern ----------------
    ("low spirits", "concern", "not_coping",
     r"\blow (?:in )?spirits?\b|\bspirits (?:are |have been |been )?(?:low|flagging)\b|"
     r"\bdown in the dumps\b|\b(?:cry|crying|cried|in tears) (?:every|each|all) (?:day|night|morning|"
     r"the time)\b|\bcrying (?:for|all) (?:weeks|days|months)\b", "nc"),
)

# stories, soaps and films: a character's overdose is not the writer's
FICTION_CUES = (r"\b(?:watching|watched|reading|read|in|on|saw|seen) (?:a|the|this|that) (?:\w+ )?"
                r"(?:drama|film|movie|series|episode|programme|program|show|soap|storyline|story|novel|book|"
                r"play|documentary)\b(?: (?:where|about|in which|when))?|\bstoryline\b|\bthe character\b")
# a medical scare that is over ("last month ... but she's fine")
RESOLVED_CUES = (r"(?=.*\b(?:last (?:week|month|year|summer|winter|christmas)|(?:weeks|months|years) ago|"
                 r"a while (?:ago|back)|once|before)\b)"
                 r".*\b(?:(?:shes|hes|theyre|she is|he is|they are|were|we are|everyone is|all) "
                 r"(?:\w+ )?(?:fine|ok|okay|alright|all good|recovered|well) (?:now)?|recovered fully)\b")
