"""English pieces of the training corpus."""

LANGUAGE = "en"

GREETINGS = ["Hi,", "Hello team,", "Hi there,", "Good morning,", "Dear support,", "Hey folks,", "Hello,", "Hi support team -",
             "Good afternoon,", "To whom it may concern,", ""]
SIGNOFFS = ["Thanks.", "Thanks in advance!", "Regards,\nTom", "Best,\nPriya Nair\nCX Operations Lead", "Cheers", "thx",
            "Looking forward to your reply.", "Kind regards, Daniel", "Let me know if you need anything else.", "Thank you!", ""]

INCIDENT_CORES = [
    ("Bot down", "Our bot stopped answering on every channel, no message gets a reply.", "UH"),
    ("URGENT: WhatsApp messages not delivered", "Messages sent by the bot on WhatsApp stay with a single grey tick and never reach the end customer.", "UH"),
    ("API returning 503", "Every call to the messaging API is coming back with 503 Service Unavailable.", "UH"),
    ("HTTP 500 on active messages", "The notifications endpoint answers HTTP 500 for nearly all requests.", "UHN"),
    ("Portal won't load", "The portal doesn't load after login, it's stuck on a blank page with a spinner.", "UHN"),
    ("Desk very slow", "The Desk is extremely slow, agents take over a minute to see a customer's message.", "HN"),
    ("Webhooks stopped arriving", "Our endpoint hasn't received a single webhook from the platform since this morning. Nothing changed on our side, our access logs show no incoming requests at all.", "UHN"),
    ("Duplicate messages", "Customers are receiving the same bot message two or three times in a row.", "HN"),
    ("Delivery delays", "Messages are arriving 10-15 minutes late on WhatsApp.", "UHN"),
    ("Handover to human agents failing", "When the bot hands the conversation over to the human queue, the ticket never shows up for any agent.", "UHN"),
    ("Analytics dashboard shows zero", "The analytics dashboard shows zero sessions since yesterday even though the bot is clearly serving users.", "N"),
    ("Events chart broken", "The custom events chart freezes when filtering by a period longer than 7 days.", "NL"),
    ("Integration timeouts", "HTTP requests made by the bot to our API time out inside the platform, while our API answers in 200 ms when called from anywhere else.", "HN"),
    ("Builder can't publish", "Publishing the flow in the Builder shows 'unexpected error' and the new version is not saved.", "HN"),
    ("Chat widget not opening", "The Blip Chat widget no longer opens on any of our websites; the browser console shows a 502 when fetching its configuration.", "UH"),
    ("Agents getting disconnected", "Agents keep getting kicked out of the Desk every few minutes and lose their open conversations.", "HN"),
    ("Misaligned button", "The save button on the bot settings page is cut off and misaligned.", "L"),
    ("Untranslated label", "The side menu shows the raw key 'menu.settings.title' instead of the option name.", "L"),
    ("Broken icon", "The Instagram channel icon shows as a broken image in the channel list.", "L"),
    ("Scheduled broadcasts stuck", "This morning's scheduled template broadcasts never went out, they're all stuck in 'processing'.", "UHN"),
    ("Platform unstable", "The platform is flaky: sometimes the bot replies, sometimes it doesn't, and the portal errors out when opening the history.", "UH"),
    ("Error opening conversation history", "Opening a contact's conversation history throws a 500 and the page never loads.", "HN"),
    ("Media messages not delivered", "Images and PDFs sent by the bot are no longer delivered, only plain text goes through.", "HN"),
    ("Queue distribution stopped", "Automatic ticket distribution stopped; everything sits in the queue unassigned even with agents online.", "UHN"),
    ("Wrong timestamps in Desk", "Since yesterday's release, ticket times in the Desk are shown three hours off.", "NL"),
    ("High latency across all bots", "All of our bots take 20 to 40 seconds to answer any message.", "UH"),
    ("Nobody can log in", "Nobody in the company can sign in to the portal, we get 'Something went wrong' right after entering the password.", "UH"),
    ("Inbound WhatsApp messages missing", "The bot is not receiving what customers send on WhatsApp; the number shows connected and quality rating is high.", "UH"),
]

INCIDENT_SCOPE = {
    "U": ["This is hitting 100% of our customers, operations are completely down.",
          "Production is down! No customer can be served.",
          "All of our bots are affected, this is not an isolated case.",
          "Other companies in the partner community report the same, it looks platform-wide.",
          "It's our Black Friday peak and sales are stopped, we need help right now.",
          "This is our only support channel and everything has been down since.",
          "Total impact: the whole contact center can't work."],
    "H": ["It affects our main production bot; the others seem fine.",
          "Around half of the conversations are affected.",
          "Only our account seems affected, but it's the collections bot, which is critical for us.",
          "Service is badly degraded, the queue keeps growing.",
          "The WhatsApp channel is affected, Blip Chat is still fine.",
          "Our team of 80 agents is struggling to work."],
    "N": ["It happens intermittently, a few times an hour.",
          "Only some users are affected, most conversations are fine.",
          "We have a workaround for now, but it needs fixing.",
          "It's not stopping service, but it gets in the way.",
          "It's sporadic, happened a handful of times today."],
    "L": ["Purely cosmetic, doesn't get in the way.",
          "Nothing urgent, just a visual glitch.",
          "No impact on service, just looked odd.",
          "Minor thing, but worth reporting."],
}

INCIDENT_TIME = ["It started around 9am.", "Since last night.", "Since 2:20pm today.", "Started about 30 minutes ago.",
                 "Ever since yesterday's update.", "Since early this morning.", "For about two hours now.", "Today from 10:30 UTC."]

INCIDENT_EVIDENCE = ["Example message id: 7f3c2a90-1b2d-4e11-9c0a-55d2e1f0a7b3.",
                     "Your status page is all green but the problem persists.",
                     "Tried another browser and another network, same result.",
                     "We haven't changed anything in the flow or the settings.",
                     "Screenshot attached.", "trace-id: 0af7651916cd43dd8448eb211c80319c",
                     "We already cleared caches and restarted everything on our end.",
                     "Our monitoring flagged the drop at 09:12."]

INCIDENT_ASK = {"U": ["Please treat this as critical!", "We need an URGENT response.", "Can someone look at this NOW??"],
                "H": ["Can you check with priority?", "Please get back to us asap.", "Please investigate."],
                "N": ["Could you take a look?", "Thanks for checking.", "Can you investigate?"],
                "L": ["Please fix when you get a chance.", "No rush.", "Just FYI."]}

INCIDENT_FULL = [
    ("EVERYTHING IS DOWN", "is blip down?? no bot answers, portal won't open, customers are complaining on twitter. our whole operation is stopped", "urgent"),
    ("Platform-wide outage", "Since 08:45 BRT the platform has been unavailable for our entire operation: bots don't reply, Desk won't load and the API returns 504 Gateway Timeout. We also pinged the support WhatsApp. Please act immediately.", "urgent"),
    ("msgs not going out", "none of our whatsapp msgs are being delivered, not from the bot and not from agents. number is connected. help", "urgent"),
    ("General slowness", "Hi, we've seen slowness on every bot since 3pm, replies taking 30+ seconds. Nothing changed on our end.", "high"),
    ("Intermittent 502 from the API", "The send-message API returns 502 Bad Gateway on roughly 5% of calls since yesterday; the rest succeed. Could you investigate?", "normal"),
    ("Desk keeps dropping", "agents keep getting logged out of desk all day, cant work properly. the bot itself is ok", "high"),
    ("Search box overlapping title", "The search box in the attendance history overlaps the page title. Doesn't block anything, just looks bad.", "low"),
    ("Report totals don't match", "The monthly attendance report shows different totals than the CSV export for the same period. Looks like a calculation issue on the platform since the raw data matches the CSV.", "normal"),
    ("Messages being lost", "Since early morning we're losing messages: the customer sends one and it shows up neither in the history nor on our webhook. Affects our production sales bot.", "high"),
    ("Approved templates failing", "Templates that have been approved and working for months now return an internal error when sent through the API (status 500). We changed nothing. Today's campaign is blocked.", "high"),
    ("No sound on Desk notifications", "The new-message sound in the Desk stopped playing for every agent after the update. Everything else works.", "normal"),
    ("Typo on login page", "The login page says 'Forgot your pasword?'. Just letting you know.", "low"),
]

DOUBT_QUESTIONS = [
    ("Setting business hours", "How do I set the queue's business hours so the bot tells customers when we're closed?"),
    ("Template categories", "What's the difference between a marketing and a utility template? Which one should we use for payment reminders?"),
    ("CRM integration question", "Is there a way to push the data collected by the bot into our CRM (HubSpot)? Webhook, or is there a ready-made extension?"),
    ("Variables in the builder", "How do I save the user's answer into a variable in the Builder and use it later in an HTTP request?"),
    ("How many agents on our plan?", "How many agents can we register in the Desk on our plan? I couldn't find it in the contract."),
    ("Conversation pricing question", "How is WhatsApp conversation billing calculated? Is a user-initiated conversation charged the same as one we start?"),
    ("Mandatory tags", "Can we force agents to add a tag before closing a ticket in the Desk?"),
    ("Testing before publishing", "Is there a staging environment or some way to test the flow without touching the production bot?"),
    ("Routing rule question", "How do I make the bot transfer to the 'Billing' queue when the user types invoice?"),
    ("API question", "Which endpoint should I call to check the delivery status of a message sent through the API?"),
    ("Canned responses", "Where do I register canned replies for agents to use in the Desk?"),
    ("Character limits", "Is there a character limit for text messages and for button titles on WhatsApp?"),
    ("Attendance reports", "Where can I find the average handling time per agent report?"),
    ("User permissions", "How can I let a colleague edit the bot flow without giving them access to billing settings?"),
    ("Two numbers one bot?", "Can one bot have two WhatsApp numbers or do I need a second bot?"),
    ("CSAT survey", "How do I turn on the satisfaction survey at the end of a human conversation?"),
    ("Generative AI", "Do you have a generative AI feature that answers from our knowledge base? How do we enable it?"),
    ("Opt-in requirements", "Do we need customer opt-in before sending WhatsApp templates? How do we record it on the platform?"),
    ("Exporting contacts", "Can I export the contact list from the portal or only through the API?"),
    ("24-hour window", "What is the WhatsApp 24-hour window? An agent can't reply to a customer who wrote yesterday, is that expected?"),
    ("Router bot", "How does the router bot work? We want a sales bot and a support bot behind the same number."),
    ("Webhook docs", "Where is the documentation for webhook events and the payload format?"),
    ("Away message", "How do I set up an automatic message when no agent is online?"),
    ("Flow best practices", "Any best practices for building a menu with many options on WhatsApp?"),
    ("SLA question", "What's the first response time for tickets on our plan? We're on Enterprise."),
]

DOUBT_CONFIG_ISSUES = [
    ("Bot silent after hours", "The bot stops replying after 6pm. We changed the business hours settings yesterday, could that be it? What should I adjust?"),
    ("Bot stuck on welcome block", "After I edited the flow yesterday the bot keeps repeating the welcome message and never leaves the first block. I think I messed up the exit condition, can you guide me?"),
    ("Webhook not receiving events", "We set the webhook URL but receive nothing. Our server requires a bearer token, could that be why? How do I configure the header?"),
    ("New agent sees no tickets", "I added a new agent but she can't see any ticket in the Desk, while everyone else can. Does she need to be assigned to a queue?"),
    ("HTTP request returns 401", "The bot's HTTP request to our API returns 401. We rotated our API token last week. Where do I update it in the bot?"),
    ("Variable shows up literally", "The bot message goes out as '{{contact.name}}' instead of the customer's name. Did I configure something wrong?"),
    ("Template rejected by Meta", "Our template was rejected by Meta. What should we change in the text to get it approved? Are there rules?"),
    ("Tickets landing in wrong queue", "Billing tickets are landing in the tech support queue. We reviewed our routing rules but can't find the mistake — how does rule precedence work?"),
    ("Chat button not showing", "I pasted the Blip Chat snippet into our site but the button doesn't show. It's at the end of the body. Am I missing something?"),
    ("Not getting email notifications", "I'm not getting emails for new tickets. Where do I configure notifications for my user?"),
    ("Buttons missing on WhatsApp", "Buttons show in the simulator but WhatsApp only gets plain text. I added 5 buttons, is there a limit?"),
    ("Spreadsheet integration stopped", "The spreadsheet integration stopped after we moved the sheet to another Google Drive folder. Do I need to reconfigure it?"),
    ("CSAT survey not showing", "We enabled the satisfaction survey but customers never see it. Does it need to be set per queue?"),
]

DOUBT_CONTEXT = ["We're new to the platform.", "I read the docs but it wasn't clear.", "Searched the forum with no luck.",
                 "We're building a new bot for the sales team.", "I just took over our company's bot.",
                 "Asking because an internal stakeholder is pushing for it.", "We're on the Plus plan, if that matters."]
DOUBT_HIGH = ["We go live tomorrow, so we need this answered today.", "We have a launch on Monday, it's important."]
DOUBT_LOW = ["No rush, just curious.", "Not urgent at all.", "Whenever you have time."]

DOUBT_FULL = [
    ("question", "hey, how do i put an image at the start of the flow? tried but cant find the option", "normal"),
    ("Report timezone", "Morning! Does the attendance report use Brasília time or UTC? Want to know before we build our dashboard.", "normal"),
    ("doesn't work!!!", "the bot doesn't send the closing message. in the flow i put the closing block after the survey but i think it's not connected. how do i wire it properly?", "normal"),
    ("Queue assignment help", "How can I make an agent only receive tickets from their own queue? Right now everyone gets everything.", "normal"),
    ("Roadmap curiosity", "Are you planning a native Zendesk integration? Just curious.", "low"),
    ("Changing WhatsApp profile photo", "Can someone explain where I change the profile picture of our WhatsApp number? We have a new logo.", "normal"),
]

TASK_REQUESTS = [
    ("Data deletion request (GDPR)", "We received a data subject request and need you to erase all data and conversations for the contact +44 7700 900123 from the platform."),
    ("Log extraction", "We need the request logs for the bot 'salesassistant' between the 10th and the 12th of this month for an internal audit."),
    ("WABA account details", "Please send us our WhatsApp Business Account details: WABA ID, approved display name, messaging tier and verification status."),
    ("Display name change", "We need to change the display name of our WhatsApp number from 'Acme Shop' to 'Acme Store'. Since only you can do this, we're opening this request."),
    ("Conversation export", "Please extract every conversation from March for the collections bot as CSV, including date, contact and agent."),
    ("Raise messaging limit", "We need our active messaging limit raised for next month's campaign."),
    ("Move bot between contracts", "Please transfer the bot 'main-support' from our old contract to the company's new one, keeping its history."),
    ("Change WhatsApp number", "We want to replace the phone number linked to our WhatsApp bot with the contact center's new number. The old one will be shut down."),
    ("Template submission", "Please submit the three attached templates for approval (payment reminder, order confirmation and survey)."),
    ("Invoice copy", "Could you send a copy of the February invoice for message usage, broken down per bot?"),
    ("Enable feature on contract", "Please enable the advanced Desk module on our contract, as per the addendum signed last week."),
    ("Add user to contract", "Please add maria.garcia@acme.com as an administrator of our tenant."),
    ("Remove user access", "Please revoke access for former employee j.smith@acme.com from all of the company's bots."),
    ("Old conversation history", "We need the full conversation history of one specific customer from 2022 for a legal case."),
    ("Billing email change", "Please change the invoice recipient email to accounts@acme.com."),
    ("Business Manager link", "We need your help linking our WABA to the company's new Business Manager, already verified by Meta."),
    ("SSO setup", "We'd like single sign-on with our Azure AD for portal users. As far as I understand your team has to set it up."),
    ("Usage report", "I need a per-bot message usage report for the last 6 months for budgeting."),
    ("Delete old bot", "Please permanently delete the bot 'xmas-test-2021' and all data associated with it."),
    ("Data retention change", "We'd like conversation data retention reduced to 90 days to match our privacy policy."),
    ("IP allowlist update", "Please add our new egress IPs to our account's allowlist for API access."),
    ("Official business account badge", "We'd like to request the official business account badge for our WhatsApp number. Which documents do you need?"),
    ("Single conversation export", "Please export the conversation for ticket 202404150034 including attachments, for our legal team."),
]

TASK_CONTEXT = ["Signed authorization attached.", "Contract number is 4471-B.", "Our tenant is 'acme'.",
                "This was agreed with our account manager.", "The bot in question is 'main-support'.",
                "Let me know if you need a formal approval.", "You can reply on this ticket with the file."]
TASK_HIGH = ["The legal deadline to answer the data subject expires on Friday.", "We have an audit on Thursday and need this before then.",
             "It's a court order with a 48-hour deadline.", "The campaign starts Monday, this is urgent."]
TASK_LOW = ["No urgency.", "Next week is fine.", "Whenever possible."]

TASK_FULL = [
    ("gdpr", "hi, need you to wipe the data of a customer who asked under gdpr, email jane.doe@example.com, phone +1 555 0100. deadline is close so asap pls", "high"),
    ("Webhook delivery logs", "Hello, can you pull the webhook delivery logs for our bot on 05/02 between 10 and 11am? We want to check whether any event was retried.", "normal"),
    ("waba info", "whats our waba id and who owns the business manager? a vendor needs it", "normal"),
    ("Internal setting change", "Hi, please change our bot session expiration from 30 to 60 minutes; that setting isn't available in the portal.", "normal"),
    ("Data dump for BI", "Morning, we need a dump of last quarter's tracking events to load into our BI. CSV or JSON is fine.", "low"),
    ("Contract technical contact", "Please change the contract's technical contact to Laura Chen (laura.chen@acme.com).", "normal"),
]

# ---- harder hand-written cases: the rule, not the words, decides ----
INCIDENT_FULL += [
    ("Customers in one region not getting replies", "Only customers with UK numbers stopped getting bot replies this morning; US numbers work fine. We have no country-specific logic in the flow.", "high"),
    ("api slow", "your api is taking 8 seconds to answer a plain contact GET, normally 300ms. every one of our bots is suffering", "urgent"),
    ("Bulk send stalls", "Bulk sending from the portal gets stuck at 37% and never moves on. Smaller lists behave the same. The campaign only reaches part of our base, so it's not a full stop.", "normal"),
    ("Instagram DMs not arriving", "The Instagram channel hasn't received any DM since early morning. WhatsApp and Blip Chat are fine. Instagram is our second channel by volume.", "high"),
    ("Widget colour changed by itself", "After your deploy the Blip Chat widget header turned grey on its own. We set blue and the settings page still says blue.", "low"),
    ("cant attach files in desk", "agents can no longer attach files in desk, 'upload failed' for any file even 10kb ones. rest of desk is normal", "normal"),
    ("Bot answering with another bot's flow", "Customers of our sales bot are getting answers from the support bot's flow, and we didn't touch the router. Looks like a routing problem on the platform. It's confusing customers in production.", "high"),
    ("Contacts API completely down", "The contacts API has answered 500 to every call for 40 minutes. Without it none of our flows can identify the customer; the whole service has stopped.", "urgent"),
]

DOUBT_FULL += [
    ("Bot stopped working", "The bot stopped working after I deleted a block I thought was unused. Is there a way to restore the previous flow version?", "normal"),
    ("Getting 429 responses", "We get 429s when our system fires many messages at once. What's the requests-per-second limit and how should we throttle on our side?", "normal"),
    ("messages not arriving for one customer", "bot messages don't reach one specific customer, everyone else gets them. he says he blocked our number by mistake. anything we can do?", "normal"),
    ("Human handover not working", "When the customer asks for an agent the bot says nobody is available, but 3 people are logged in. I noticed they're on 'break' status. Is that it? How does status affect distribution?", "normal"),
    ("Template limits per WABA", "How many approved templates can we have at once on a WABA? Planning the year's campaigns.", "low"),
    ("Urgent question about number migration", "We're moving our contact center number onto the platform on Friday. Does the number have to be disconnected from the WhatsApp app first? What are the steps on our side?", "high"),
]

TASK_FULL += [
    ("Logs to look into a complaint", "A customer says our bot sent them a strange message on March 14th around 4pm. Not a platform problem, we just need the logs of that conversation to see what the flow answered.", "normal"),
    ("Reactivate number on WABA", "Our second number was deactivated on the WABA after a period without use. Please reactivate it and tell us its current quality rating.", "normal"),
    ("Channel setting change", "Please enable receiving group messages on our WhatsApp channel; we were told only your team can switch that on.", "low"),
    ("Legal request", "Under a court order (case 2024-CV-01234) we need the full content of conversations with +1 202 555 0147 between January and March. 5-day deadline.", "high"),
    ("Purge test conversations", "Could you remove all test conversations from our staging bot? About 2k records cluttering the reports.", "low"),
    ("Export contact base", "We need the full contact base with the extra fields from the 'signup' bot as CSV, over 500k rows, and the portal export can't handle it.", "normal"),
]
