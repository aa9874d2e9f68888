"""Pattern tables for the rule screen (data only; compiled by rules.RuleSet).

Patterns run on normalised text (see normalise.py): lower case, no apostrophes,
"|" between clauses. ``<NAME>`` is replaced by the macro of that name.
"""
from __future__ import annotations

MACROS = {
    "CHILD": r"(?:son|daughter|child|kid|kids|children|boy|girl|baby|toddler|little one|"
             r"little ones|eldest|youngest|stepson|stepdaughter|grandson|granddaughter|"
             r"nephew|niece|twins|\d+ year old|lad|little boy|little girl)",
    "PARTNER": r"(?:partner|husband|boyfriend|ex|ex partner|ex husband|ex boyfriend|fiance|"
               r"wife|girlfriend|ex wife|other half|stepdad|step dad|kids dad|childrens dad|"
               r"their dad|his dad|her dad|babys dad|baby dad|dads)",
    "PILLS": r"(?:pills|tablets|paracetamol|ibuprofen|medication|sleeping pills|sleeping "
             r"tablets|antidepressants|anti depressants|painkillers|pain killers|co codamol|"
             r"codeine|insulin|calpol|prescription|meds|tramadol|sertraline|diazepam)",
    "LOTS": r"(?:[5-9]|[1-9]\d+|all|all of|loads|loads of|lots of|a lot of|too many|twenty|thirty|forty|fifty|"
            r"a hundred|every one of|half|the whole|a whole|(?:a |an |the |two |three |2 |3 |my )?"
            r"(?:whole |full |entire |big |massive |huge |new )?(?:box|boxes|packet|packets|pack|packs|"
            r"bottle|bottles|strip|strips|tub|load|handful|handfuls|bunch|lot)(?: of)?)",
    "SUBST": r"(?:bleach|batter(?:y|ies)|button batter(?:y|ies)|magnets?|washing (?:tablets?|pods?|"
             r"capsules?|powder|liquid)|dishwasher (?:tablets?|pods?)|liquitabs?|detergent|poison|"
             r"weed ?killer|antifreeze|white spirit|cleaning (?:stuff|products?|fluid|spray)|"
             r"(?:toilet|drain|oven) cleaner|rat poison|screenwash|vape juice|e liquid|"
             r"lighter fluid|petrol|paint thinner|fairy liquid|washing up liquid|dettol|"
             r"(?:dishwasher|laundry|washing|cleaning) (?:liquid|gel|pods?|tablets?|capsules?|powder|salt)|"
             r"rinse aid|descaler|limescale remover|mouthwash|nail varnish remover|hand sanitiser|"
             r"disinfectant|surface spray|air freshener|essential oils?|lamp oil|superglue|(?:\w+ )?cleaner)",
    "VIOLENT": r"(?:hit|hits|hitting|punch(?:ed|es|ing)?|kick(?:ed|s|ing)?|slap(?:ped|s|ping)?|"
               r"beat|beats|beating|beaten|batter(?:ed|s|ing)|strangl(?:ed|es|ing|e)|"
               r"chok(?:ed|es|ing|e)|throttl(?:ed|es|ing|e)|shov(?:ed|es|ing|e)|"
               r"push(?:ed|es|ing)?|headbutt(?:ed|s|ing)?|smack(?:ed|s|ing)?|bit|bites|"
               r"burn(?:ed|t|s)|grab(?:bed|s|bing)|drag(?:ged|s|ging)|pinned|hurt|hurts|"
               r"hurting|attack(?:ed|s|ing)?|assault(?:ed|s|ing)?|rap(?:ed|es|ing)|"
               r"threw (?:\w+ ){0,3}at|throws (?:\w+ ){0,3}at|spat (?:at|on)|stab(?:bed|s|bing)?|"
               r"shook|shakes|shaking|lash(?:ed|es|ing)? out at|thump(?:ed|s|ing)?|"
               r"whack(?:ed|s|ing)?|belt(?:ed|s)|strik(?:e|es|ing)|struck|knock(?:ed|s|ing) \w+ (?:out|over|down))",
    "NOWISH": r"(?:right now|now|tonight|this minute|at the moment|as we speak|help me|"
              r"please help|call the police|ring the police|send help|help please)",
}

# Idioms, hyperbole and harmless uses, replaced before any rule runs.
# (pattern, replacement, label)
IDIOMS = (
    (r"\b(?:could|would|i d|id) (?:murder|kill|die) for (?:a|an|some|the)\b|\bcould murder (?:a|an|some)\b",
     "would love a", "could murder a"),
    (r"\b(?:would|could) kill for\b", "would love", "would kill for"),
    (r"\b(?:dying|dieing) (?:to|for)\b(?! (?:kill|hurt|end))", "keen to", "dying to"),
    (r"\b(?:dying|died|die) (?:of|from|with) (?:laughter|laughing|embarrassment|shame|boredom|"
     r"cringe|thirst|jealousy|envy|curiosity|the heat|heat)\b", "very embarrassed", "died of"),
    (r"\b(?:die|died|dying) of embarrassment\b", "very embarrassed", "died of embarrassment"),
    (r"\b(?:killing|killed|smashing|smashed|nailing|nailed) it\b", "did great", "killing it"),
    (r"\bkill(?:ing)? (?:time|an hour|a few hours|two birds|the mood|the vibe|the lights)\b",
     "pass", "kill time"),
    (r"\b(?:die ?hard|diehard)\b", "loyal", "die hard"),
    (r"\bto die for\b", "lovely", "to die for"),
    (r"\bover my dead body\b", "no way", "over my dead body"),
    (r"\bdead (?:end|ringer|heat|cert|set on|against)\b", "sure", "dead end"),
    (r"\bdead (?:tired|on my feet|beat|knackered|shattered|exhausted)\b", "very tired", "dead tired"),
    (r"\bdead (?:good|easy|nice|proud|chuffed|excited|funny|quiet|busy|late|keen|lucky|happy|"
     r"sweet|cute|serious|right|posh|loud|hard|slow|expensive|cheap|handy|clever|worried|"
     r"bored|annoyed|pleased|fast|early|cold|hot|simple|friendly|helpful|kind|popular)\b",
     "very", "dead (very)"),
    (r"\b(bored|sick|scared|worried|frightened|tired|fed up|annoyed) to death\b",
     r"very \1", "to death"),
    (r"\b(?:be|is|was) the death of me\b", "drive me mad", "death of me"),
    (r"\b(?:(?:this|the|my|that|his|her|their|these|those|all|it|its|school|homework|work|traffic|"
     r"job|back|head|feet|knees?|neck|teeth|tooth|shoes|boots|heat|weather|wait|waiting|queue|"
     r"cost|price|prices|bills|commute|run|walk|hill|kids|children|twins|toddler|baby|"
     r"teething|heatwave|hayfever|hay fever|migraine|uniform|form|forms|paperwork|"
     r"admin|email|emails|holidays|holiday|summer|week|day|morning|mornings|evenings?) "
     r"(?:\w+ ){0,3}(?:is|are|was|were|s|re|has been|have been|been|keeps?)? ?)killing (?:me|us)\b",
     "is hard work", "killing me"),
    (r"\b(?:traffic|it|that|school run|journey|parking|queue|day|morning|week|drive|commute|"
     r"shop|shopping|supermarket|tesco|asda|aldi|lidl|bedtime) (?:\w+ ){0,2}(?:is|was|s) "
     r"(?:absolute |literally |pure |bloody )?murder\b", "was hard", "was murder"),
    (r"\b(?:phone|phones|battery|batteries|laptop|computer|ipad|charger|car|van|printer|wifi|"
     r"internet|router|tv|kindle|torch|remote|console|xbox|ps4|ps5|switch|plant|plants|"
     r"flowers|tablet|mouse|keyboard|headphones|watch|fridge|freezer|washing machine|"
     r"hoover|bulb|speaker|screen|tamagotchi|fish|goldfish|hamster|guinea pig|cat|dog|rabbit|"
     r"budgie|tortoise|conversation|joke|party|music|trend|signal)"
     r"(?: \w+){0,2} (?:has |had |have |just |finally |)(?:died|dead|dying|die)\b",
     "stopped", "(thing) died"),
    (r"\b(?:died|dying|dead|deceased|cried) (?:laughing|of laughter|with laughter)\b|"
     r"\b(?:i|im|i am) (?:literally |actually |)(?:dead|deceased|dying|crying|died)\b(?= (?:emohumour|\|emohumour))",
     "laughing", "laughing"),
    (r"\b(?:nearly|almost|practically|near enough) (?:gave me|had|have|having|give me) (?:a |an )?"
     r"(?:heart attack|stroke|fit|breakdown|coronary|kittens|cow)\b", "was shocked", "nearly had a heart attack"),
    (r"\b(?:nearly|almost) died (?:when|of|at|laughing)\b", "was shocked when", "nearly died when"),
    (r"\b(?:cant|could not|couldnt) breathe (?:for|from) (?:laughing|laughter)\b", "laughing", "cant breathe laughing"),
    (r"\bbreath(?:ing)? (?:exercises|space|room|techniques?)\b", "calm", "breathing exercises"),
    (r"\bdown my neck\b", "close", "down my neck"),
    (r"\bshoot me(?: now)?\b", "help", "shoot me now"),
    (r"\b(?:(?:my|our) (?:mum|dad|nan|gran|grandad|teacher|boss|sister|brother|wife|mother|"
     r"father)|(?:the )?school|(?:the )?teacher|(?:the )?head|mrs \w+|mr \w+|miss \w+) "
     r"(?:will|would|is going to|s going to|is gonna|gonna|ll) kill me\b", "be cross with me",
     "will kill me (family)"),
    (r"\b(?:could|want to|wanna|gonna|going to|ill|i will) (?:kill|strangle|murder|throttle) "
     r"(?:him|her|them|the kids|the lot of them|my kids|my husband|my partner)\b(?! with)",
     "be cross with them", "could kill him"),
    (r"\b(?:want|wanted) the (?:ground|floor|earth) to swallow me(?: up)?\b", "embarrassed", "ground swallow me"),
    (r"\b(?:overdose|overdosed|overdosing|od) on (?:sugar|chocolate|sweets|haribo|screen time|"
     r"screens|netflix|caffeine|coffee|tea|fortnite|minecraft|roblox|cake|crisps|christmas|"
     r"tv|youtube|carbs|love)\b", "had too much", "overdosed on sugar"),
    (r"\b(?:knife|knives) (?:and|&) (?:fork|forks)\b|\b(?:butter|bread|cutlery|plastic|blunt) knife\b",
     "cutlery", "knife and fork"),
    (r"\b(?:skipping|tug of war|climbing) rope\b|\brope (?:swing|ladder|course|bridge)\b",
     "game", "skipping rope"),
    (r"\bbridge (?:club|road|street|lane|school|primary|academy|st|rd|house|estate|card|cards)\b|"
     r"\bbridging\b|\b(?:over|under|across|past|by|near|cross|crossing) the bridge\b",
     "place", "bridge road"),
    (r"\bjump(?:ing|ed|s)? (?:on|onto|off|into|in|over|around|up|at|through|about|for) "
     r"(?:the |a |his |her )?(?:trampoline|bouncy castle|bed|sofa|queue|puddles?|pool|chance|"
     r"hoops|conclusions|joy|bandwagon|gun|bus|train|scooter|bike|waves|rope|sea|river)\b",
     "play", "jump on the trampoline"),
    (r"\b(?:cut|cutting|cuts) (?:(?:my|his|her|their|the) )?(?:hair|fringe|nails|toenails|"
     r"grass|lawn|losses|ties|cord|sandwich|sandwiches|crusts|hours|benefits?|money|costs?|"
     r"food|back|down|out|corners|class|queue|cake|paper|shapes|fabric|tree|hedge|wood|budget|"
     r"spending|holiday|appointment|meeting|visit|call)\b", "trim", "cutting hair"),
    (r"\b(?:cut|hurt|burnt|burned|injured) (?:myself|himself|herself) "
     r"(?:shaving|cooking|chopping|ironing|on|playing|at|falling|lifting|slightly|a bit|"
     r"accidentally|by accident|when|while|doing|in the)\b", "had an accident",
     "accidental injury"),
    (r"\bhang(?:ing|s)? (?:out|around|about|on(?! by)|up|in there|the washing|washing|pictures?|"
     r"curtains?|coats?|clothes|a picture|decorations?|bunting|out with)\b|\bhung up\b",
     "wait", "hanging out"),
    (r"\b(?:bleached|bleaching|bleach) (?:my |her |his |the )?(?:hair|toilet|sink|bath|floor|"
     r"tiles|bathroom|kitchen|whites|clothes|sheets)\b|\b(?:clean|cleaning|cleaned|wash|washed|"
     r"mop|mopping) (?:\w+ ){0,3}(?:with|using) bleach\b|\bbleach (?:bottle|spray|cupboard)\b",
     "cleaning", "cleaning with bleach"),
    (r"\b(?:drowning|snowed under|swamped) (?:in|with|under) (?:paperwork|forms|washing|"
     r"laundry|emails|work|bills|homework|admin|letters|toys|stuff|it all)\b", "overwhelmed by",
     "drowning in paperwork"),
    (r"\b(?:lost|lose|losing) the will to live\b", "fed up", "lost the will to live"),
    (r"\b(?:dead|died|die|dying) (?:on|in) (?:my|his|her) (?:feet|chair|sofa)\b", "very tired", "dead on feet"),
    (r"\b(?:starving|starved|famished) (?:emohumour|\| emohumour|lol|whats for|what s for)\b|"
     r"\bim starving(?= (?:emohumour|whats|what|when|is|can|lol))", "hungry", "starving (hungry)"),
    (r"\b(?:battery|batteries) (?:is |are |was |were )?(?:low|flat|dead|died)\b", "flat battery", "flat battery"),
    (r"\b(?:suicide|suicidal) (?:squad|prevention week|prevention day|awareness week|awareness day|"
     r"drill|run|sprints|doors)\b", "event", "suicide squad"),
    (r"\b(?:died by suicide|committed suicide|lost (?:\w+ ){1,3}to suicide|took (?:his|her|their) own life|"
     r"killed (?:himself|herself|themselves) (?:last|in|a|two|three|when|years|months|weeks))\b",
     "died", "bereavement by suicide"),
    (r"\b(?:no|any) (?:food|drinks?|sweets|snacks|crisps|nuts|phones|jewellery|toys) (?:allowed|in class|on the bus|"
     r"at school|in school|in the classroom|after|before|during|policy)\b", "school rule", "no food allowed"),
    (r"\bfood ?banks?\b", "foodbank", "food bank"),
    (r"\bno (?:heating|heat|hot water|power|electricity|electric|gas) (?:\w+ ){0,2}(?:in|at) (?:the |his |her "
     r"|their )?(?:classroom|class|school|\w+ toilets|toilets|hall|sports hall|gym|office|changing rooms|"
     r"canteen|dining hall|library|portacabin|swimming pool|pool)\b", "school building fault", "no heating at school"),
    (r"\b(?:comes?|came|gets?|got|always|constantly) (?:home |in |back |out )?(?:absolutely |always |"
     r"constantly )?starving (?:every|after|when|by the time|all the time|from)\b", "hungry after",
     "comes home starving"),
    (r"\b(?:scared|frightened|terrified|petrified) (?:of|by) (?:spiders|heights|dogs|needles|the dentist|"
     r"clowns|the dark|flying|water|thunder|the hoover|balloons|wasps|bees|the doctor|injections)\b",
     "dislikes", "scared of spiders"),
    (r"\b(?:missing|misses|miss) (?:his|her|their|my|our|you|school|lessons|class|days|a lot|lots|"
     r"the|some|homework|breakfast|friends|dad|mum|grandad|nan|out|him|her|them)\b",
     "longs for", "missing (someone)"),
)

# Rules: (name, level, category, pattern, flags)
# category "SUBJ": self_harm for the writer or another adult, child_at_risk for a child.
# flags: n = negatable, h = humour downgrades it, i = suicidal intent (combines with
#        means/plan to critical), t = topic word (info questions downgrade it),
#        c = concern-type feeling (only when the writer is the subject), p = past counts
RULES = (
    # ---------------- self-harm and suicide ----------------
    ("suicidal", "high", "SUBJ", r"\bsuicid(?:e|al)\b", "nhit"),
    ("kill self", "high", "SUBJ",
     r"\b(?:kill|killing|killed|hang|hanging|drown|drowning|stab|stabbing|poison|poisoning|starve|"
     r"starving|top|topping|off|offing|end|ending|shoot|shooting|gas|gassing|throw|throwing) "
     r"(?:myself|himself|herself|themselves|themself)\b|\b(?:going|gonna|want|wanna|wants|about|ready|"
     r"planning|plan) to jump\b(?! (?:on|in|into|over|around|up|at|the queue|for joy|through|ship|start|"
     r"off the (?:sofa|bed|wall)|about|rope|high|higher|far|back))", "nhi"),
    ("hurt self", "high", "SUBJ",
     r"\b(?:hurt|hurting|harm|harming|harmed|cut|cutting|burn|burning|burnt|burned|scratch|scratching|"
     r"scratched|hit|hitting|punch|punching|punched|bite|biting|bit|bruised|starving|starved) "
     r"(?:myself|himself|herself|themselves|themself)\b", "nh"),
    ("self harm", "high", "SUBJ", r"\bself harm\b|\b(?:cutting|cut|scratching|scratched|burning|burnt|"
     r"harming|carving|slashing) (?:into )?(?:her|his|their|my) (?:own )?(?:arms?|legs?|wrists?|skin|thighs?|"
     r"tummy|stomach)\b(?! (?:on|by accident|accidentally|playing|falling|in the|at))", "nit"),
    ("want to die", "high", "SUBJ",
     r"\b(?:want|wants|wanted|wanting|wanna|going|ready|like|wish|wishes|wished|try|tried|trying) "
     r"(?:to )?(?:just )?(?:die|be dead|not be here|not exist|not be alive|sleep forever|"
     r"not wake up|go to sleep and not wake up|end it all|end my life|end his life|end her life|"
     r"kill myself|end it|end things|end everything|disappear forever)\b(?! (?:up|with|there|on|at|for|of|from))", "nhi"),
    ("wish dead", "high", "SUBJ",
     r"\b(?:wish|wishes|wished) (?:i|he|she|they) (?:was|were|wasnt|werent|had never been|hadnt been|"
     r"could just) (?:dead|born|here|alive|gone|die|disappear)\b|\b(?:wish|wishes|wished) (?:id|hed|shed|i had|he had|she had|they had|i hadnt|i wasnt|i was never|he was never|she was never) (?:never )?(?:been )?born\b|\b(?:id|i would|he would|she would|hed|"
     r"shed) (?:rather|be better off) (?:be )?dead\b|\bbetter off dead\b", "nhi"),
    ("better off without me", "high", "self_harm",
     r"\b(?:better off|happier|be fine|be ok|be okay|be better) (?:without me|if i (?:was|were|wasnt|werent) "
     r"(?:not )?(?:around|here|alive|gone|dead)|if i (?:was|were) gone|when im gone|if i died)\b|\bno one would (?:miss|notice|care)\b|"
     r"\b(?:im|i am|i feel like) (?:just )?a burden\b|\b(?:im|i am|i feel like|feel like) (?:just |nothing but )?"
     r"(?:dead weight|a waste of (?:space|oxygen)|a drain on (?:everyone|them|my family))\b|\bburden (?:to|on) (?:everyone|my family|them|"
     r"the kids)\b", "ni"),
    ("no reason to live", "high", "self_harm",
     r"\bno (?:reason|point) (?:to|in|of) (?:live|living|being alive|being here|going on|carry(?:ing)? on|"
     r"life|existing)\b|\b(?:life is|lifes|life isnt|life s) (?:not )?worth (?:living|it)\b|"
     r"\bnot worth living\b|\b(?:dont|cant|do not|cannot) see (?:the|any) point (?:in|of) "
     r"(?:living|being alive|life|going on|carrying on|being here|anything anymore)\b|"
     r"\b(?:feel like|thinking of|thinking about|considering|close to|want to be) ending (?:it|it all|things|"
     r"everything|my life)\b|\bwant (?:it all|everything|this all|all of this|life|my life|it) (?:all )?to "
     r"(?:end|be over)\b|\b(?:im|i am|im going|going|gonna) (?:to )?do it (?:tonight|now|today|this time|"
     r"soon)\b|\b(?:wrote|written|writing|left|leaving) (?:a |my |some )?(?:goodbye |suicide )?"
     r"(?:note|notes|letter|letters) (?:to|for) (?:my|the) (?:kids|children|family|husband|partner|mum|"
     r"son|daughter|boys|girls)\b|\b(?:dont|do not|never) want to (?:live|be alive|exist|wake up)\b|"
     r"\bdont want to be (?:here|around) (?:anymore|any more|no more)\b|\bnever (?:want to )?wake up\b|"
     r"\b(?:cant|dont want to) (?:go on|carry on|keep going) (?:anymore|any more|living|with life)\b|"
     r"\btired of (?:living|life|being alive|existing)\b|\bdone with (?:life|living|it all|everything)\b|"
     r"\bno will to live\b|\bwant it (?:all )?to (?:end|stop) (?:forever|for good|permanently)\b|"
     r"\b(?:thinking|think|thought|thoughts) (?:about|of) (?:ending it|ending things|ending my life|"
     r"dying|death|not being here|killing myself|taking my life|suicide)\b", "hi"),
    ("cant keep safe", "critical", "self_harm",
     r"\bcant keep (?:myself|me) safe\b|\bnot safe (?:from|with|around) myself\b|"
     r"\bby the time (?:you|anyone|someone) (?:read|reads|see|sees|get|gets) this\b|"
     r"\b(?:wont|will not) be (?:here|around|alive) (?:tomorrow|by|in the morning|much longer|for long)\b|"
     r"\bgoodbye forever\b|\bthis is (?:my )?goodbye\b|\bthis is my last (?:message|text)\b|"
     r"\b(?:tell|say) (?:my|the) (?:kids|children|family) i (?:love|loved) them\b|\bsuicide note\b|"
     r"\b(?:have|got|bought|ive got|i have|ive bought|ive) (?:the|a|my) (?:rope|noose|pills|tablets|"
     r"knife|blade|razor) (?:ready|here|next to me|in front of me|lined up|counted out|in my hand)\b|"
     r"\b(?:ive|i have|i) (?:just )?(?:taken|took|swallowed) (?:the lot|everything|them all|all of them|"
     r"the whole lot)\b", ""),
    ("overdose taken", "critical", "SUBJ",
     r"\b(?:taken|took|take|had|done|taking|swallowed) an overdose\b|\boverdosed\b|\boverdosing\b|"
     r"\b(?:ive|i have|i|he|she|hes|shes|has|have|they|just) (?:just |already )?"
     r"(?:taken|took|swallowed|had|necked|downed|eaten|ate|popped) <LOTS> (?:of )?"
     r"(?:my |the |his |her |their |mums |dads |nans |these |those )?(?:\w+ )?<PILLS>\b|"
     r"\b(?:ive|i have|i) (?:just )?(?:taken|took|swallowed|necked) (?:[5-9]|[1-9]\d+|twenty|thirty|forty|fifty)\b"
     r"(?! (?:minutes|mins|hours|hrs|seconds|days|weeks|years|pounds|quid|p|pence|steps|photos|"
     r"pictures|pics|kids|children|people|miles|calls|goes|tries|times|attempts))", "n"),
    ("overdose", "high", "SUBJ", r"\boverdose\b", "ni"),
    ("method now", "critical", "self_harm",
     r"\b(?:im|i am|standing|stood|sitting|sat|i have climbed|ive climbed|i climbed) "
     r"(?:on|at|over) (?:the|a|top of the|the top of the|the edge of the|the edge of a|the side of the) "
     r"(?:bridge|roof|ledge|cliff|cliffs|platform edge|tracks|railway|railway line|train tracks|"
     r"motorway bridge|multi storey|car park roof|balcony edge|viaduct)\b|"
     r"\b(?:rope|noose|belt|cord) (?:round|around) (?:my|his|her) neck\b|"
     r"\b(?:cut|slit|slashed|slitting) (?:my|his|her) (?:wrists?|throat)\b|"
     r"\b(?:jump|jumping) (?:off|from|out of) (?:the|a|his|her|my|their) (?:bedroom |top |upstairs )?"
     r"(?:bridge|building|roof|cliff|balcony|car park|multi storey|window|flats|viaduct)\b|\b(?:throw|throwing|threw) (?:myself|himself|herself) "
     r"(?:off|in front of|under)\b|\bin front of (?:a|the) (?:train|bus|lorry|car)\b", "nd"),
    # ---------------- domestic abuse ----------------
    ("abuse named", "high", "domestic_abuse",
     r"\bdomestic (?:abuse|violence)\b|\babusive (?:relationship|partner|husband|boyfriend|ex|"
     r"marriage|wife|girlfriend)\b|\b(?:hes|shes|he is|she is|he was|she was|is|was) (?:being )?"
     r"(?:abusive|violent) (?:to|towards|with) (?:me|us)\b|\b(?:hes|he is|shes|she is) "
     r"(?:really |very |so )?(?:abusive|violent)\b|\b(?:being|was|been|im being|i am being) abused\b|"
     r"\babus(?:es|ing|ed) me\b|\bcoercive control\b|\bcontrolling (?:relationship|partner|husband|"
     r"boyfriend|behaviour)\b|\bsexual(?:ly)? assault(?:ed)? me\b|\bmade me have sex\b|"
     r"\bforced (?:me|himself on me)\b|\b(?:forces|forcing|makes|made|pressures|pressured) me (?:to )?"
     r"(?:have sex|sleep with|do sexual|do things i dont)\b|\b(?:need|go to|get into|get a place in|place in|"
     r"space in|move to|stay in|staying in|flee to|into|ring a|find a|get me in a|get us in a) (?:a )?refuge\b", "nt"),
    ("threat", "high", "domestic_abuse",
     r"\bthreat(?:en|ened|ens|ening) (?:to )?(?:kill|hurt|stab|burn|harm|beat|hit|smash|"
     r"throw|take the kids|take my kids|take the children|end|get me|ruin|cut)\b|\bthreat(?:en|ened|ens|"
     r"ening) (?:me|us)\b|\b(?:said|says|told me|keeps saying|texted|messaged) (?:that )?(?:hell|he will|"
     r"hed|he would|shell|she will|shed|she would|theyll|they will) (?:kill|hurt|stab|burn|harm|beat|"
     r"find|come after|get) (?:me|us|the kids|my)\b|\b(?:(?:going|gonna) to|will|ll|is going to|wants? to|"
     r"tried to|trying to|try to) kill (?:me|us)\b", "nh"),
    ("control", "high", "domestic_abuse",
     r"\b(?:wont|doesnt|does not|will not|never) let me (?:(?:see|visit|talk to|speak to|ring|phone|call|text) "
     r"(?:my )?(?:friends|family|mum|mam|dad|sister|brother|anyone|mates|people|the doctor|the gp|my gp|nan)|"
     r"go|have|leave|talk|work|out|use|speak|get a job|have money|have my)\b|\bcontrols (?:all )?(?:the |my |our )?(?:money|finances|phone|"
     r"everything|what i)\b|\btakes (?:all )?my (?:money|wages|benefits|universal credit|phone|bank card|"
     r"card)\b|\b(?:checks|tracks|goes through|monitors) my (?:phone|messages|location|texts|bank)\b|"
     r"\bnot allowed to (?:see|go|leave|have|talk|speak|work) \b|\blocks me (?:in|out)\b|"
     r"\b(?:scared|afraid|frightened|terrified|petrified) (?:to go home|of going home|to go back home|"
     r"to be at home|to be in the house|to leave him|to leave her|to go back to him)\b|"
     r"\b(?:scared|afraid|frightened|terrified|petrified) of (?:him|her|<PARTNER>|what (?:he|she)|"
     r"my (?:<PARTNER>))\b(?! (?:being|getting|losing|leaving))|\bwalking on eggshells\b|\b(?:stalking|stalks) me\b|"
     r"\b(?:hell|he will|hed|he would) find (?:me|us)\b", "na"),
    ("partner turns up", "high", "domestic_abuse",
     r"\b<PARTNER> (?:\w+ ){0,3}(?:keeps turning up|turned up|turns up|wont leave (?:me|us) alone|"
     r"following me|followed me|sitting outside|waiting outside)\b", "n"),
    ("door kicked in", "critical", "domestic_abuse",
     r"\b(?:kicking|banging|smashing|breaking|booting|bashing|hammering|punching|kicked|smashed|booted) (?:on |at )?"
     r"(?:the |my |our )?(?:front |back |bedroom |bathroom )?(?:door|doors|window|windows)"
     r"(?: in| down)?\b|\btrying to (?:get in|break in|break the door|kick the door)\b|"
     r"\b(?:im|i am|were|we are) (?:hiding|locked|barricaded) (?:in|from)\b|"
     r"\blocked (?:myself|us|me and the kids) in\b|\bhiding from (?:him|her|<PARTNER>)\b", "n"),
    ("weapon", "high", "WEAPON",
     r"\b(?:has|have|got|s got|hes got|holding|waving|with|grabbed|picked up|pulled|pulling|"
     r"carrying|brandishing|threatening me with|came at me with) (?:a |the |his |her |my |our )?"
     r"(?:kitchen |big |massive )?(?:knife|knives|gun|weapon|hammer|machete|baseball bat|bat|blade|"
     r"axe|screwdriver|scissors)\b", "n"),
    # ---------------- child at risk ----------------
    ("sexual harm", "high", "child_at_risk",
     r"\b(?:touch(?:ed|ing|es)?|groped|fiddl\w+ with|interfer\w+ with) (?:my |her |his |the |their )?"
     r"(?:son|daughter|child|kid|privates|private parts|bits|down there|bum|chest|inappropriately)\b|"
     r"\binappropriate(?:ly)? (?:touch\w*|messages|photos|pictures|texts|contact|images)\b|"
     r"\bsexual(?:ly)? (?:abus\w+|assault\w*|touch\w*|messages|images|content|things)\b|"
     r"\b(?:groom(?:ing|ed|s)|grooms) (?:my|her|him|them|our|kids|children)\b|\b(?:being|been|was|is|getting|got) "
     r"groomed\b|\b(?:is|are|s|been|was) grooming\b|\b(?:nudes|naked (?:pictures|photos|pics|selfies)|"
     r"(?:pictures|photos|pics|videos) of (?:her|him|them)sel(?:f|ves))\b|"
     r"\b(?:wants|asked|asking|trying|arranged) to meet (?:up with )?(?:her|him|my son|my daughter|"
     r"my child|them)\b|\b(?:stranger|older man|grown man|adult|a man|a woman|someone|older boy|"
     r"older lad) (?:\w+ ){0,6}(?:messag\w+|talking to|contact\w*|chatting to|texting|"
     r"snapchatting|asking|asked) (?:my |her\b|him\b)|\b(?:asked|asking|asks|wants|wanted|begging|pressuring|"
     r"pressured|told) (?:him|her|them|my \w+) (?:\w+ ){0,2}(?:for|to send|to take) (?:\w+ )?(?:pictures|photos|pics|selfies|videos|"
     r"nudes|images)\b(?! of (?:his|her|their|the|a|an|my|our|its) )(?: of)?(?: (?:her|him|them|herself|himself|"
     r"themselves|without|in (?:her|his) underwear))?", "nt"),
    ("child told to die", "high", "child_at_risk",
     r"\b(?:told|telling|tells|said|saying|messaged|sent) (?:him|her|them|my \w+|my \w+ \w+) "
     r"(?:to|that (?:he|she|they) should) (?:kill (?:himself|herself|themselves|yourself)|"
     r"go die|die|kill yourself)\b", "n"),
    ("parent fears harming child", "high", "child_at_risk",
     r"\b(?:scared|afraid|worried|frightened|terrified|petrified) (?:that )?(?:i|ill|i will|im going to|"
     r"i might|i could|im gonna) (?:\w+ )?(?:hurt|harm|hit|smack|shake|lash out at|lose it with|kill|"
     r"snap and hurt) (?:my|the|him|her|them|one of)\b|\b(?:want|wanted|feel like|felt like|"
     r"urge to) (?:to )?(?:hurt|harm|shake|hit|smack|strangle|kill) (?:my|the) <CHILD>\b", "n"),
    ("child neglect", "high", "child_at_risk",
     r"\b(?:kids|children|baby|son|daughter|they|he|she|little ones?) (?:were|was|are|is|been|got|get|gets|"
     r"have been|has been) left (?:at home |home )?(?:alone|on (?:their|his|her) own|by (?:them|him|her)sel(?:f|ves))\b|"
     r"\b(?:uncle|dad|stepdad|man|grandad|neighbour|partner|boyfriend|teacher|coach|cousin|he|step dad|"
     r"lodger|babysitter|friend of|mums boyfriend|someone|somebody|a boy|older boy|a man) (?:\w+ ){0,3}(?:touched|touches|touching|has touched|"
     r"keeps touching|has been touching) (?:her|him|them|my \w+)\b(?! (?:hand|arm|shoulder|hair|back|head|"
     r"face|cheek|bag|stuff|things))|"
     r"\bleft (?:the |my |our )?(?:kids|children|baby|son|daughter|him|her|them|little ones?|little one) "
     r"(?:at home |home )?(?:alone|on (?:their|his|her) own|by (?:them|him|her)sel(?:f|ves))\b|"
     r"\b(?:drunk|off (?:his|her) face|high|on drugs|wasted|smashed|passed out drunk) (?:\w+ ){0,4}"
     r"(?:kids|children|baby|looking after|has them|with them|has the)\b", "n"),
    ("child harmed marks", "high", "child_at_risk",
     r"\b(?:bruise|bruises|bruising|marks|burns|burn marks|welts|black eye|finger marks|handprint) "
     r"(?:\w+ ){0,5}(?:after|from|since) (?:contact|(?:his|her|their) dad|(?:his|her|their) mum|"
     r"(?:the |a )?weekend (?:at|with)|staying (?:at|with)|visiting|seeing|<PARTNER>)\b|"
     r"\b(?:bruise|bruises|bruising|marks|burns|black eye) (?:\w+ ){0,6}(?:wont|doesnt|wouldnt) "
     r"(?:say|tell)\b|\b(?:says|said|told me) (?:\w+ ){0,2}(?:dad|<PARTNER>|stepdad|he|she) "
     r"(?:hits|hit|hurts|hurt|burnt|burned|kicked|punched|smacks) (?:him|her|them)\b", "n"),
    ("child missing", "critical", "child_at_risk",
     r"\b(?:<CHILD>|he|she|they) (?:(?:just|now|still|apparently|actually|officially) )?(?:is|has|s|have|are|"
     r"went|gone|has gone|have gone|has been|been|re|ve) (?:gone )?missing\b(?! (?:school|lessons|class|days|"
     r"friends|loads|lots|some|a |an |the |his |her |their |out|pages?|bits|things|stuff|info|parts?))|\b(?:cant|cannot|can t) "
     r"find (?:my |our |the )?(?:son|daughter|child|boy|girl|kids|children|baby|him|her|them)\b"
     r"(?! (?:\w+ )?(?:book|kit|coat|bag|shoes|uniform|form|letter|jumper|phone|lunch|water|pe|"
     r"reading|homework|shoe|trainers|tablet|ipad|toy|teddy|dummy|glasses|sock|socks|hat|gloves|"
     r"anywhere in the|on the|in the (?:list|system|app)))|\b(?:<CHILD>|he|she) (?:\w+ )?(?:hasnt|has not|"
     r"didnt|did not|never) (?:come|came|got|arrived|returned) (?:home|back)(?! yet from)\b|"
     r"\b(?:<CHILD>|he|she) (?:\w+ )?(?:has run|ran|run|has ran) (?:away|off)(?! from (?:the )?"
     r"(?:teacher|dinner|class|playground|gate|me in))\b|\b(?:<CHILD>|he|she) (?:\w+ )?"
     r"(?:has been|was|been) (?:taken|snatched|abducted)\b", ""),
    ("child taken", "high", "child_at_risk",
     r"\b(?:took|has taken|taken|snatched|kept) (?:my |the |our )?(?:kids|children|son|daughter|baby) "
     r"(?:\w+ ){0,3}(?:and|&) (?:wont|won t|refuses to|isnt going to|will not) (?:bring|give|let)\b", "n"),
    # ---------------- medical emergency ----------------
    ("not breathing", "critical", "medical_emergency",
     r"\b(?:isnt|is not|not|stopped|cant|cannot|struggling to|trouble|hardly|barely|difficulty|"
     r"wont|unable to|fighting to|gasping|struggling) (?:to )?breath(?:ing|e)\b|\bgasping for (?:air|breath)\b", ""),
    ("unconscious", "critical", "medical_emergency",
     r"\b(?:unconscious|unresponsive|passed out|collapsed|not waking up|not responding|unrousable|"
     r"lifeless|floppy and)\b|\b(?:wont|cant|can t) wake (?:up|him|her|them|my \w+)\b"
     r"(?! (?:for|in the morning|on time|early|til|till|until|before|without|at the weekends?))|"
     r"\b(?:is having|having|s having|going into|gone into) (?:a |an )?(?:seizure|fit|convulsion|"
     r"anaphylactic shock|anaphylaxis|allergic reaction|asthma attack|stroke|heart attack)\b|"
     r"\bwont stop (?:fitting|seizing|shaking)\b|\b(?:fitting|convulsing|seizing)\b|"
     r"\b(?:turn(?:ing|ed)?|gone|going|went) (?:blue|grey)\b|\b(?:lips|face) (?:are |is )?"
     r"(?:going |turning |gone )?blue\b", ""),
    ("swallowed", "critical", "medical_emergency",
     r"\b(?:swallowed|drank|drunk|drinking|ate|eaten|eating|licked|chewed|chewing|bitten|got into|"
     r"had|has had|taken|took|sucking on|sucked on) (?:some |a |an |the |half a |half the |half |"
     r"a bottle of |a load of |loads of |lots of |all of |all |my |his |her |mums |dads |nans |grans |"
     r"some of the |some of my |a cup of |a mouthful of |a )*<SUBST>\b|"
     r"\b(?:swallowed|drank|drunk|ate|eaten|chewed|licked) (?:\w+ ){1,5}<SUBST>\b|"
     r"\b(?:<CHILD>|he|she) (?:\w+ ){0,2}(?:swallowed|ate|eaten|got into|found and ate|has had|"
     r"chewed) (?:some |a |an |the |my |his |her |mums |dads |nans |grans |\d+ |a few |loads of |"
     r"lots of |a load of |all |all of |half |a handful of |a bottle of |a packet of |of )*"
     r"(?:\w+ )?<PILLS>\b", ""),
    ("bleeding", "critical", "medical_emergency",
     r"\b(?:wont|cant|not|isnt|doesnt|will not) stop(?:ping)? bleeding\b|\bbleeding (?:heavily|badly|"
     r"a lot|loads|everywhere|so much|profusely|really bad|out)\b|\b(?:so much|lots of|loads of|a lot of|"
     r"pool of|covered in|soaked in) blood\b|\blosing (?:a lot of |so much )?blood\b|"
     r"\b(?:deep|bad|big|huge) (?:cut|gash|wound)\b|\bblood (?:everywhere|wont stop|pouring)\b", ""),
    ("emergency", "critical", "medical_emergency",
     r"\bchest pains?\b|\bhit by a (?:car|bus|van|lorry)\b|\b(?:fell|fallen|fall) (?:from|off|out of) "
     r"(?:a |the |his |her |an )?(?:window|balcony|roof|height|top bunk|upstairs window|bridge)\b|"
     r"\bhead injury\b|\b(?:banged|hit|bashed) (?:his|her|their) head (?:\w+ ){0,4}(?:and|&) (?:is|isnt|wont|"
     r"keeps|passed|now|being|been)\b|\b(?:fell|fallen) (?:in|into) (?:the )?(?:river|canal|pond|pool|"
     r"lake|sea)\b|\b(?:hes|shes|he is|she is|is|baby|son|daughter|child|kid|someone|they are|theyre) "
     r"drowning\b|\bnearly drowned\b|\b(?:think|thinks|could be) "
     r"(?:he|she|it|they)? ?(?:has|s|is|have)? ?(?:meningitis|sepsis)\b|\b(?:rash|spots) (?:that )?"
     r"(?:doesnt|dont|wont|does not) fade\b|\b(?:called|calling|call|ring|ringing|phoned|rang|need|needs|"
     r"waiting for|get|send|sent for) (?:an |the |a )?ambulance\b|\b(?:called|calling|ring|ringing|phoned|"
     r"rang|dialled|dial|should i call|do i call|should i ring) 999\b|\b(?:on the way|rushing|rushed|"
     r"blue lighted) (?:to|into) (?:a&e|a and e|hospital|resus)\b|\bthroat (?:is )?(?:swelling|closing)\b|"
     r"\bused (?:the|his|her|an) epi ?pen\b|\bsevere (?:bleeding|allergic|burns?)\b|"
     r"\b(?:is|s|has) (?:been )?(?:stabbed|shot)\b|\b(?:hes|shes|is|s|are|theyre|keeps|started|baby|"
     r"son|daughter|child) choking\b(?! (?:back|on (?:my|his|her) words|me|us|him|her\b))", ""),
    # ---------------- acute hardship ----------------
    ("no food", "high", "acute_hardship",
     r"\bno (?:food|money for food|money for (?:the )?(?:gas|electric|meter|heating|tea|dinner)|"
     r"electric|electricity|gas|heating|heat|power|hot water|money (?:at all|left)|money till|money until)\b"
     r"(?! (?:bank|banks|voucher|vouchers|engineer|appointment|bill|bills|company|safety|check|card|"
     r"supplier|safe|certificate|meter reading))|\bnothing (?:left )?(?:to eat|in the (?:house|cupboards|"
     r"fridge)|for (?:the kids|them|us|tea|dinner) to eat|(?:for|to give) (?:the kids|them|us|my kids|the "
     r"children)? ?(?:dinner|tea|breakfast|to eat|food|kids dinner|kids tea))\b|\b(?:havent|have not|not|didnt|did not|"
     r"hasnt|has not|havnt) (?:eaten|had (?:a meal|food|anything to eat|dinner|tea)|ate) (?:since|for|in|today|"
     r"all day|properly|anything)\b|\bgone without (?:food|meals|eating|dinner|tea)\b|"
     r"\bskip(?:ping|ped)? (?:meals|dinner|tea|lunch) so\b|\b(?:kids|children|we|they|baby|he|she) "
     r"(?:are|is|have|went|go|gone|going|been|were) (?:to bed |to school )?hungry\b|\b(?:cant|cannot|"
     r"can t|couldnt) (?:afford to )?(?:feed|buy food|afford food|afford (?:the )?(?:gas|electric|heating|"
     r"to heat|food(?! shop| bill| budget| delivery)|nappies|formula|milk|to eat))\b|\bempty (?:cupboards|fridge|cupboard)\b|"
     r"\b(?:meter|electric|gas|prepayment|emergency credit|power|electricity) (?:has |have )?(?:run out|"
     r"ran out|gone off|cut off|is off|been cut off|on emergency)\b|\b(?:starving|starved)\b", "n"),
    ("eviction", "high", "acute_hardship",
     r"\b(?:evicted|eviction|evicting|evict us|evict me|section 21|section 8|bailiffs?|repossess\w*|"
     r"homeless|homelessness|sofa surfing|sleeping rough|nowhere (?:to|for us to|for me to) (?:live|stay|"
     r"sleep|go)|sleeping in (?:the|my|our|a) car(?! (?:on|during|for) "
     r"(?:the|a|long) (?:way|journey|drive|trip|motorway|ride|ferry)))\b|\b(?:kicked|thrown|chucked|kicking|throwing) "
     r"(?:us|me|me and the kids|us all) out\b", "n"),
    ("no heating cold", "high", "acute_hardship",
     r"\b(?:boiler|heating|gas|electric|radiators?) (?:has |have |is |s |are )?(?:broken|broke|"
     r"stopped working|packed in|gone|off|not working|doesnt work|wont come on|died)\b(?=.*\b(?:cold|"
     r"freezing|winter|snow|weeks|days|cant afford)\b|[^|]{0,30}\b(?:kids|baby)\b)|\b(?:freezing|so cold|really cold) "
     r"(?:\w+ ){0,4}(?:no heating|cant afford|cant put the heating|heating off)\b|\bcant (?:afford to )?"
     r"(?:put|turn|have) the heating on\b", "n"),
    # ---------------- concern: the parent is struggling ----------------
    ("not coping", "concern", "not_coping",
     r"\b(?:not|cant|cannot|barely|hardly|struggling to) cop(?:e|ing)\b|\bstruggling\b(?! (?:with|to) "
     r"(?:the |this |his |her |their |my )?(?:form|forms|reading|maths|spelling|phonics|homework|times tables|"
     r"writing|the website|the app|the link|login|log in|find|understand|fill|get|work out|open|upload|"
     r"download|print|sign|apply|access|sleep|school))|\boverwhelm(?:ed|ing)\b|\bexhausted\b|"
     r"\bknackered\b|\bshattered\b|\bburn(?:t|ed) out\b|\bworn out\b|\brunning on empty\b|"
     r"\b(?:at|reached) (?:breaking point|the end of my tether|my wits end|rock bottom|my limit)\b|"
     r"\bend of my tether\b|\bfalling apart\b|\bbreaking down\b|\b(?:losing|lost) (?:my mind|it)\b|"
     r"\bcant do (?:this|it|any of this) (?:anymore|any more|no more|on my own|alone)\b|"
     r"\bcant (?:go on|carry on|keep going)(?! (?:with|to|and))\b|\bgiv(?:e|ing) up\b(?! (?:smoking|"
     r"work|my job|the car|sugar|meat|drinking|his|her|the))|\bwant to (?:run away|disappear|walk out|"
     r"escape)\b|\bcant take (?:it|this|any more|anymore|much more)\b|\btoo much for me\b|"
     r"\bhad enough\b|\bfed up\b|\bat the end of my rope\b|\bhit (?:rock )?bottom\b|\bso stressed\b|"
     r"\bstressed (?:out|to)\b|\bcant be bothered\b|\bvery tired\b|\bso tired\b|\bno energy\b|"
     r"\bcant get out of bed\b|\bwearing me out\b|\b(?:im|i am|i feel|feeling|im feeling) "
     r"(?:(?:really|so|very|a bit|quite|just|totally|completely|absolutely|pretty|bloody|always|constantly) )*"
     r"(?:tired|drained|frazzled|broken|"
     r"done in|rubbish|awful|terrible|crap|shit|like crap|like shit|like a failure|useless|"
     r"trapped|empty|numb|low|down|sad|miserable|fragile|a mess|on edge|invisible)\b|"
     r"\b(?:drowning|sinking)\b|\b(?:getting )?on top of me\b|\bhanging on by a thread\b|"
     r"\bhead above water\b|\b(?:life|things|everything|it) (?:is|are|s|has been|have been|feels?) "
     r"(?:(?:just|really|so|very|a bit|pretty|quite|bloody) )*(?:hard|tough|difficult|rough|grim|shit|crap|awful|"
     r"too much|a struggle)\b|\bnot doing (?:great|well|good|ok|okay|too good|too well)\b|"
     r"\b(?:failing|useless) at everything\b|\bletting (?:the kids|them|everyone|my kids|him|her) down\b|"
     r"\b(?:nothing|no energy) left(?: to give| in me| in the tank)?\b|\bon edge\b|"
     r"\b(?:lose|lost|losing) it with (?:them|the kids|him|her|my)\b|\bat my wits end\b|"
     r"\bdont know how (?:well|we will|we ll|i ll|i will|to|im going to|were going to) (?:manage|cope|"
     r"pay|survive|keep going|carry on|get through)\b|\bcant keep going\b|\b(?:my )?head is (?:a mess|"
     r"all over the place|fried|battered|done in|spinning)\b|\b(?:no|havent got (?:the|any)|dont have "
     r"(?:the|any)|not got (?:the|any)) energy\b|\b(?:cant|can t|dont think i can|not sure i can) (?:keep )?"
     r"(?:living|live|go on) like this\b|\bi want out\b|\bcant handle (?:it|this|the kids|them|everything|"
     r"anything|any of it)\b", "nc"),
    ("low mood", "concern", "not_coping",
     r"\bdepress(?:ed|ion)\b|\banxi(?:ous|ety)\b|\bpanic attacks?\b|\blow mood\b|\bfeel(?:ing)? low\b|"
     r"\bso low\b|\b(?:cant stop|keep|kept|been|always|im) cry(?:ing)?\b|\bcried (?:all|every|myself)\b|"
     r"\bin tears\b|\bsobbing\b|\bhopeless\b|\bworthless\b|\bhelpless\b|\bpointless\b|"
     r"\bhate (?:myself|my life|everything|being me)\b|\bdead inside\b|\bwhats the point\b|"
     r"\bno point (?:in )?(?:anything|trying|me|carrying on|going on)\b|\bdark (?:place|thoughts|times)\b|\bintrusive thoughts\b|\bmental health\b(?= (?:is|has|isnt|s|been|really|going|getting|struggling)\b)|\bmy mental health\b|"
     r"\bbreakdown\b|\bpost ?natal depression\b|\bcant sleep\b|\bnot sleeping\b|"
     r"\bscared\b|\bterrified\b|\bwhat is wrong with me\b|\bhate my life\b", "nc"),
    ("lonely", "concern", "not_coping",
     r"\blonely\b|\bloneliness\b|\bisolated\b|\b(?:no one|nobody|noone) (?:ever )?(?:asks|cares|listens|"
     r"checks|helps|understands)\b|\b(?:all )?(?:alone|on my own) (?:with|in) (?:this|it|"
     r"everything)\b|\b(?:no one|nobody|noone) to (?:talk|turn|speak) to\b|\bno (?:one|family|friends) "
     r"(?:to help|around|nearby|here|close by)\b|\bfeel (?:so )?alone\b|\bso alone\b|"
     r"\b(?:havent|not|never) (?:spoken|talked) to (?:another adult|anyone|a soul|an adult)\b", "nc"),
    ("bad parent", "concern", "not_coping",
     r"\b(?:bad|terrible|awful|useless|rubbish|crap|shit|failing|failure of a|horrible|rotten|"
     r"the worst) (?:mum|mother|parent|dad|father|mam|mom)\b|\bfailing (?:as a|my) (?:mum|parent|"
     r"mother|dad|kids|children)\b|\bgetting everything wrong\b|\bmum guilt\b|\bso guilty\b|"
     r"\b(?:feel|feeling) (?:so )?guilty\b|\blet (?:them|my kids|the kids|him|her) down\b", "nch"),
    ("money worry", "concern", "acute_hardship",
     r"\bskint\b|\b(?:im|were|we are|i am|so|totally|completely|flat|stony|always|proper) broke\b|\b(?:struggling|struggle) (?:with|to pay|"
     r"to afford) (?:money|bills|the bills|rent|the rent|food|everything|the mortgage)\b|"
     r"\bmoney (?:is|s) (?:so |really |very )?tight\b|\bcant afford\b|\bbehind (?:on|with) (?:the |my |our )?"
     r"(?:rent|bills|council tax|mortgage|payments)\b|\b(?:in|into) debt\b|\bdebts?\b|\barrears\b|"
     r"\bcost of living\b(?= (?:is|has|crisis is))|\bbenefits? (?:stopped|sanctioned|cut)\b|"
     r"\bsanctioned\b|\bmoney(?:s| is) (?:really |so |very )?tight\b|\b(?:lost|losing) my job\b", "nch"),
    ("social services fear", "concern", "not_coping",
     r"\b(?:scared|afraid|worried|frightened|terrified|petrified|panicking) (?:\w+ ){0,6}social "
     r"(?:services|worker|workers)\b|\bsocial services (?:will|would|might|are going to|could) "
     r"(?:take|get involved|come|find out|remove)\b|\b(?:will|would|do|does|might|could) (?:the )?social services (?:get|be) (?:called|involved|told|informed)\b|\btake (?:my|the) (?:kids|children|son|daughter|baby) "
     r"(?:off|away from) me\b", "n"),
    ("kill me (exasperation)", "concern", "not_coping", r"\bkill me\b|\bi want to kill\b", "nh"),
)

# words that make a self-harm intent critical when they appear in the same message
MEANS = (r"\b(?:<PILLS>|overdose|overdosed|rope|noose|knife|knives|blade|blades|razor|razors|"
         r"bridge|jump|jumping|train|tracks|railway|roof|cliff|gun|hang|hanging|car fumes|exhaust|"
         r"bleach|poison|stockpil\w*|saved up|stored up|ligature|motorway|high building|"
         r"(?:took|taken|swallowed) \d+)\b")
PLAN = (r"\b(?:tonight|right now|today|this morning|this evening|this afternoon|"
        r"when (?:the kids|they|everyone|hes|he is) (?:are|is|s) (?:asleep|at school|in bed|at work|out)|"
        r"(?:i have|ive got|ive made|made|got) a plan|planned (?:it|how|when|everything)|"
        r"(?:decided|worked out|know) (?:how|when)|(?:going|gonna|about) to do it|"
        r"(?:wrote|written|writing|left|leaving) (?:a |my |the |some )?(?:suicide )?(?:note|notes|letter|letters)(?! about)|"
        r"said (?:my )?goodbyes?|saying (?:my )?goodbyes?|goodbye|given away|giving away|"
        r"sorted (?:out )?my (?:will|affairs)|im ready|(?:this|tomorrow) is the day|about to)\b")

NEGATORS = frozenset("not never no dont didnt doesnt wouldnt wont isnt arent wasnt werent "
                     "havent hasnt nothing neither nor".split())
NEGATION_BREAKS = frozenset("but though although however just only except yet so and".split())
NOT_NEGATION_AFTER = frozenset("sure know think even only just one longer matter "
                               "idea clue fault".split())
INFO_CUES = (r"\b(?:how (?:do|can|should|would) (?:i|we|you) (?:talk|explain|speak|tell|bring up|"
             r"discuss)|(?:talk|talking|speak|speaking|explain|explaining) to (?:\w+ ){0,3}about|"
             r"(?:leaflet|leaflets|information|info|advice|training|course|policy|awareness|assembly|"
             r"lesson|lessons|workshop|books?|website|resources|talk|session|pshe|rshe|safeguarding) "
             r"(?:on|about|for|around|re)|(?:do you|does the school|does school|do schools|do teachers) "
             r"(?:\w+ ){0,3}(?:have|do|run|offer|teach|cover|talk|deal)|"
             r"(?:on|in|watching|watched|reading|read) (?:the |a )?(?:news|film|programme|show|book|"
             r"documentary|soap|eastenders|corrie|tiktok video))\b")
PAST_CUES = (r"\b(?:years ago|when i was (?:young|younger|a child|a kid|a teenager|little|at school|"
             r"pregnant|at uni)|in the past|a long time ago|back then|as a child|as a teenager|"
             r"growing up|(?:in|during|after) my (?:teens|twenties|childhood)|used to (?:be|feel))\b")

FIRST_PERSON = frozenset("i im ive id ill me myself meself".split())
THIRD_PERSON = frozenset("he she hes shes they theyre him her himself herself themselves "
                         "themself hell hed shell shed theyll theyd".split())
CHILD_WORDS = frozenset("son sons daughter daughters child childs children childrens kid kids "
                        "boy boys girl girls baby babys toddler eldest youngest stepson "
                        "stepdaughter grandson granddaughter nephew niece twins lad pupil "
                        "teenager teen".split())
ADULT_WORDS = frozenset("partner partners husband husbands boyfriend boyfriends ex exs fiance "
                        "wife girlfriend stepdad dad dads father mum mums mother friend friends "
                        "neighbour neighbours sister brother nan gran grandad grandma uncle aunt "
                        "auntie man woman teacher teachers boss colleague stepmum cousin soninlaw daughterinlaw "
                        "brotherinlaw sisterinlaw motherinlaw fatherinlaw "
                        "babysitter childminder coach".split())
PARTNER_WORDS = frozenset("partner partners husband husbands boyfriend boyfriends ex exs fiance "
                          "wife girlfriend stepdad".split())

# Added families: further ways of saying the same things (kept apart for readability).
RULES = RULES + (
    ("end my life", "high", "SUBJ",
     r"\b(?:end|ending|take|taking) (?:my|his|her|their) (?:own )?life\b|\b(?:plan|plans|planning|planned) "
     r"(?:to|how to|on how to) (?:kill (?:myself|himself|herself|themselves)|end (?:it|my life|his life|"
     r"her life|things|everything)|die|take (?:my|his|her) (?:own )?life|take (?:an overdose|all (?:my|the|"
     r"his|her) \w+)|jump)\b", "nhi"),
    ("talks about dying", "high", "SUBJ",
     r"\b(?:talking|talks|talked|going on|writing|drawing|drew|draws|wrote) about (?:dying|death|killing "
     r"(?:himself|herself|themselves|myself)|suicide|wanting to die|not being (?:here|alive)|being dead)\b|"
     r"\bpictures of (?:himself|herself|themselves) (?:dead|dying|hanging|with a knife)\b", "nhi"),
    ("making self sick", "high", "SUBJ",
     r"\bmak(?:ing|es|e) (?:herself|himself|themselves|myself) (?:be )?sick\b", "n"),
    ("harming the baby thoughts", "high", "child_at_risk",
     r"\b(?:thoughts|thinking|thought|urges?|feel like|felt like|want to|wanted to|tempted to) (?:of |about |to )?"
     r"(?:harming|hurting|killing|shaking|smothering|hitting|drowning|harm|hurt|shake|smother|hit|kill|drown) "
     r"(?:my |the |our )?(?:baby|child|son|daughter|kids|children|little one|toddler|him|her|them)\b", "n"),
    ("preparing", "high", "self_harm",
     r"\bstockpil\w* (?:my |the |some |up )?(?:<PILLS>|meds)\b|\b(?:saved|saving|stored|hoarding|hoarded) "
     r"(?:up )?(?:my |the |some )?(?:<PILLS>)\b", "ni"),
    ("method now 2", "critical", "self_harm",
     r"\b(?:writing|wrote|written|left|leaving) (?:my |some |a )?goodbye (?:note|notes|letter|letters|"
     r"message|messages|video)\b|\b(?:engine|car) (?:is )?running in (?:the|a) (?:garage|shut garage)\b|"
     r"\b(?:hose|hosepipe|pipe) (?:from|to|on) the exhaust\b|\b(?:drunk|drank|downed|had) (?:a bottle of|"
     r"a load of|loads of|lots of|half a bottle of|a whole bottle of) (?:\w+ )?(?:and|&) (?:taken|took|"
     r"swallowed|necked) (?:my |the |some |all )?(?:\w+ )?<PILLS>\b", "n"),
    ("child took pills", "critical", "medical_emergency",
     r"\b(?:found|got into|got hold of|got at|opened) (?:my|the|his|her|mums|dads|nans|grans|a) (?:\w+ )?"
     r"(?:<PILLS>|<SUBST>) (?:and|&) (?:\w+ )?(?:ate|eaten|swallowed|took|taken|had|drank|drunk)\b", "n"),
    ("more grooming", "high", "child_at_risk",
     r"\b(?:meet|meeting|met up with|going to meet|run off with|ran off with) (?:up with )?(?:a|an|some|"
     r"this|the) (?:\w+ )?(?:man|adult|stranger|guy|person|someone|bloke)\b(?: \w+){0,5} (?:online|on "
     r"(?:tiktok|snapchat|roblox|instagram|fortnite|discord|whatsapp|a game|the internet|an app))\b|"
     r"\b(?:told|tells|asked|made) (?:him|her|them|my \w+) (?:to keep (?:it|this|them|everything|"
     r"things) (?:a )?secret|not to tell (?:me|anyone|mum|dad|his mum|her mum))\b", "nx"),
    ("drunk carer", "high", "child_at_risk",
     r"\b(?:with|to|by) (?:my |her |his |their |the )?(?:drunk|high|stoned|wasted|off his face|"
     r"off her face) (?:partner|husband|boyfriend|dad|mum|ex|stepdad|girlfriend)\b", "n"),
    ("hardship more", "high", "acute_hardship",
     r"\b(?:cutting|cut|cuts) (?:us |me )?off (?:our|my|the) (?:electric|electricity|gas|power|water|"
     r"heating)\b|\b(?:cutting|cut|cuts) (?:our|my|the) (?:electric|electricity|gas|power|water) off\b|"
     r"\b(?:havent|have not|dont have|not|havnt) got (?:any |no )?(?:food|money for food|anything to eat|"
     r"anything for (?:their|the kids|the childrens) (?:tea|dinner|breakfast))\b|\bno food for (?:the kids|"
     r"them|us|tomorrow|tonight|the week)\b|\bso (?:the kids|they|my kids|the children|my children) "
     r"(?:can|could) eat\b|(?:£|\bonly )\d+ (?:left|to last|until|till|in my account|in the bank|to feed|"
     r"for the week|for food)\b(?! (?:on|in) (?:his|her|their|the|my) (?:dinner|lunch|school|parentpay|"
     r"account|trip))", "n"),
)

RULES = RULES + (
    ("lonely 2", "concern", "not_coping",
     r"\ball alone\b|\b(?:no|dont have any|havent got any|not got any|without any) (?:friends|mates|support|"
     r"support network|family support|one to (?:talk|lean|turn))\b|\bdont know (?:anyone|anybody|a soul)\b|"
     r"\b(?:nobody|no one|noone) to (?:lean on|ask|help|share|rely on)\b|\bstuck (?:in the house|at home|"
     r"indoors) (?:\w+ ){0,3}on my own\b|\bwithout (?:me )?talking to (?:a grown up|an adult|anyone)\b", "nc"),
    ("bad parent 2", "concern", "not_coping",
     r"\bwhat kind of (?:a )?(?:mum|mother|parent|dad|father) am i\b|\b(?:doing|getting|get) (?:it |everything )?"
     r"(?:all )?wrong (?:as a parent|with (?:him|her|them|the kids))\b|\b(?:im|i am|i feel like|feel like) "
     r"(?:a |such a )?(?:total |complete |massive |utter )?failure\b|\bnot cut out for (?:this|being a|"
     r"parenting)\b|\bbetter (?:off )?with a better (?:mum|mother|parent|dad)\b|\bguilty all the time\b|"
     r"\b(?:my )?parenting is (?:a joke|rubbish|terrible|awful|crap|shit)\b|\b(?:mum|dad|parent|mummy) guilt\b|"
     r"\bwhy cant i be a (?:normal|good|better) (?:mum|mother|parent|dad)\b", "nch"),
)
