"""Every text the bot shows, in English: the source every catalogue translates.

A text is `message(key, english)` or, where the wording follows a number,
`plural(key, singular, plural, counted_parameter)`. The code asks for the key
(`tr.t("card.title", period=...)`); translators see the English, with the key as its context.
After editing: `make messages` (extract, update every .po, compile). A `# TRANSLATORS:` comment
above a text reaches the translators.
"""

from __future__ import annotations

from bot.i18n.source import message, plural

message("metric.calls", "Calls")
message("metric.conversations", "Conversations")
message("metric.emails", "Emails")
message("metric.social", "Social touches")
message("metric.meetings_booked", "Meetings booked")
message("metric.meetings_held", "Meetings held")
message("metric.leads", "Leads generated")
message("metric.qualified_leads", "Qualified leads")
message("metric.opportunities", "Opportunities")
message("metric.pipeline", "Pipeline value")

message("rate.connect_rate", "Connect rate")
message("rate.lead_quality", "Lead quality")
message("rate.conversion_rate", "Lead → opportunity")
message("rate.show_rate", "Meeting show rate")
message("rate.avg_opportunity_value", "Avg. opportunity value")

message("kind.day", "day")
message("kind.week", "week")
message("kind.month", "month")
message("kind.quarter", "quarter")

message("period.week", "Week {number} ({start} – {end})")
message("period.quarter", "Q{number} {year}")

message("choice.today", "Today")
message("choice.week", "This week")
message("choice.last_week", "Last week")
message("choice.month", "Month")
message("choice.quarter", "Quarter")

message("pace.ahead", "Ahead")
message("pace.on_track", "On track")
message("pace.behind", "Behind")
message("pace.done", "Target met")

message("card.title", "Your KPIs · {period}")
message("card.progress", "Working days done: {elapsed} of {total}")
message("card.complete", "complete period")
message("card.today", "today so far")
message(
    "card.empty.day",
    "Nothing logged for this day yet. Log with `/kpi log 25 calls 3 meetings booked`, or press "
    "*Log activity*.",
)
message(
    "card.empty.week",
    "Nothing logged for this week yet. Log with `/kpi log 25 calls 3 meetings booked`, or press "
    "*Log activity*.",
)
message(
    "card.empty.month",
    "Nothing logged for this month yet. Log with `/kpi log 25 calls 3 meetings booked`, or press "
    "*Log activity*.",
)
message(
    "card.empty.quarter",
    "Nothing logged for this quarter yet. Log with `/kpi log 25 calls 3 meetings booked`, or "
    "press *Log activity*.",
)
message("card.of_target", "of {target}")
message("card.needed_per_day", "{amount} a day needed")
message("card.vs_previous.day", "vs the day before")
message("card.vs_previous.week", "vs last week")
message("card.vs_previous.month", "vs last month")
message("card.vs_previous.quarter", "vs last quarter")
message("card.vs_previous_to_date.day", "vs this time yesterday")
message("card.vs_previous_to_date.week", "vs this time last week")
message("card.vs_previous_to_date.month", "vs this point last month")
message("card.vs_previous_to_date.quarter", "vs this point last quarter")
message("card.first_in_a_while.day", "none the day before")
message("card.first_in_a_while.week", "none last week")
message("card.first_in_a_while.month", "none last month")
message("card.first_in_a_while.quarter", "none last quarter")
message("card.own_average.day", "your 4-day avg {value}")
message("card.own_average.week", "your 4-week avg {value}")
message("card.own_average.month", "your 4-month avg {value}")
message("card.own_average.quarter", "your 4-quarter avg {value}")
message("card.team_average", "team avg {value}")
message("card.prorated", "target pro-rated from the {kind} target")
message("card.rates", "Quality and conversion")
message("card.team_rate", "(team {value})")

message("button.log_activity", "Log activity")
message("button.log_more", "Log more")
message("button.my_kpis", "My KPIs")

message("logged.title", ":white_check_mark: Logged for {when}: {what}.")
message("logged.today", "today")
message("logged.plain", "Activity logged.")
message("logged.source", "Source: {source}")
message("logged.note", "Note: {note}")
message("logged.undo_hint", "Made a mistake? `/kpi undo` removes your last entry.")

message(
    "undo.done",
    ":leftwards_arrow_with_hook: Removed your last entry, for {when}: {what}. It stays in the "
    "audit trail.",
)
message("undo.nothing", "You have nothing to undo: no activity logged yet.")
message("undo.plain", "Last entry removed.")

message("mykpis.bad_period", "I can show `today`, `week`, `last week`, `month` or `quarter`.")

message("kpi.unknown", "`{word}` is not a /kpi command I know.")

# TRANSLATORS: the examples are commands a user can type as they are: use the words of your
# language (bot/i18n/words/<language>.json), which the bot understands.
message("example.log", "/kpi log 25 calls 3 meetings booked yesterday source:inbound")
message("example.mykpis", "/mykpis last week")
message("example.nudges", "/kpi nudges off")
message("error.example", "For example: `{example}` · `/kpi help` lists everything.")
message(
    "error.internal",
    ":warning: Sorry, something went wrong on our side and nothing was changed. Please try again "
    "in a minute.",
)

message("parse.empty", "Tell me what to log.")
plural(
    "parse.too_long",
    "That is too long: keep it under {limit} character.",
    "That is too long: keep it under {limit} characters.",
    "limit",
)
plural(
    "parse.note_too_long",
    "The note is too long: keep it under {limit} character.",
    "The note is too long: keep it under {limit} characters.",
    "limit",
)
message("parse.two_sources", "Give one source only.")
message("parse.two_dates", "Give one date only.")
message("parse.empty_source", "`source:` needs a tag, such as {known}.")
message("parse.bad_source", "A source is one word of letters, digits or dashes, such as {known}.")
message(
    "parse.bad_date",
    "`{text}` is not a date I can use: write YYYY-MM-DD, `today` or `yesterday`.",
)
message("parse.future_date", "{date} is in the future: log activity once it has happened.")
plural(
    "parse.old_date",
    "{date} is more than {days} day ago: ask your manager to import older history.",
    "{date} is more than {days} days ago: ask your manager to import older history.",
    "days",
)
message(
    "parse.not_understood",
    "I did not understand `{text}`. Write a number and a metric, such as `25 calls`.",
)
message("parse.nothing_to_log", "I found no number and metric to log.")
message(
    "parse.worth_needs_opportunity",
    "`worth` goes with opportunities, as in `1 opportunity worth 15k`.",
)
message("parse.negative", "{metric} cannot be negative. To take back a log, use `/kpi undo`.")
message("parse.bad_number", "`{text}` is not a number I can use.")
message("parse.zero", "Zero {metric} is nothing to log.")
message("parse.not_whole", "{metric} is counted in whole numbers, not `{text}`.")
message("parse.too_large", "That is more {metric} than anyone logs at once (the limit is {limit}).")

message("form.date_required", "Pick a day.")
message("form.not_a_number", "Enter a number.")
message("form.nothing", "Enter at least one number.")
message("form.negative", "Cannot be negative.")
message("form.bad_number", "Enter a number, such as 12 or 15k.")
message("form.not_whole", "Enter a whole number.")
message("form.too_large", "That is more than the limit of {limit}.")
message("form.bad_source", "Pick a source from the list.")
plural(
    "form.note_too_long",
    "Keep the note under {limit} character.",
    "Keep the note under {limit} characters.",
    "limit",
)

message("modal.cancel", "Cancel")
message("modal.log.title", "Log activity")
message("modal.log.submit", "Log")
message("modal.log.intro", "Fill in what you did; leave the rest empty.")
message("modal.log.date", "Day")
message("modal.log.money_placeholder", "e.g. 15k")
message("modal.log.source", "Lead source")
message("modal.log.source_placeholder", "Pick a source")
message("modal.log.note", "Note")

message("source.inbound", "Inbound")
message("source.outbound", "Outbound")
message("source.referral", "Referral")
message("source.event", "Event")
message("source.partner", "Partner")

message("help.title", "SDR KPI bot: how to use it")
message(
    "help.intro",
    "Log what you do, see how you are doing against your targets, and get better week by week.",
)
message(
    "help.mykpis",
    "*`/mykpis [today|week|last week|month|quarter]`*\nYour scorecard: numbers, targets, pace, "
    "quality and conversion, trend and team average. Only you see it.",
)
message(
    "help.log",
    "*`/kpi log 25 calls 3 meetings booked [yesterday|YYYY-MM-DD] [source:inbound] [note: "
    "text]`*\nLog activity in one line. Pipeline is money: `/kpi log pipeline 15k` or `/kpi log "
    "1 opportunity worth 15k`.",
)
message(
    "help.log_modal",
    "*`/kpi log`*\nWith nothing after it, opens a form with a field for every metric.",
)
message("help.undo", "*`/kpi undo`*\nRemoves your last entry (it stays in the audit trail).")
message("help.help", "*`/kpi help`*\nThis overview.")
message("help.metrics", "Metrics: {metrics}.")
message(
    "help.numbers",
    "Numbers: `12`, `12k`, `12,000` or `12 000`. Sources: inbound, outbound, referral, event, "
    "partner, or a tag of your own.",
)

message("targets.title", "Set targets")
message("targets.submit", "Save targets")
message("targets.done", "Done")
message(
    "targets.intro",
    "Targets are what each SDR is measured against. Pick SDRs, or the team default for everyone "
    "without their own.",
)
message("targets.team", "Team")
message("targets.sdrs", "SDRs")
message("targets.sdrs_placeholder", "Pick one or more SDRs")
message("targets.default", "Team default")
message("targets.default_option", "Default for everyone in {team}")
message("targets.kind", "Period")
message("targets.kind.week", "Weekly")
message("targets.kind.month", "Monthly")
message("targets.kind.quarter", "Quarterly")
message("targets.from", "In force from")
message(
    "targets.values_intro",
    "*Targets* (empty means no target). The hints show what history suggests.",
)
message("targets.hint_history", "History {history}, suggested {suggested} (+{stretch}%)")
message("targets.hint_median", "team median {value}")
message("targets.only_managers", "Only a team's managers and admins can set targets.")
message("targets.not_allowed", "You cannot set targets for this team.")
message("targets.not_in_team", "{users} is not an SDR in {team}.")
message("targets.pick_someone", "Pick SDRs or tick the team default.")
plural(
    "targets.date_range",
    "Pick a date within {days} day of today.",
    "Pick a date within {days} days of today.",
    "days",
)
message("targets.no_fields", "There are no target fields in this form.")
plural(
    "targets.saved",
    ":white_check_mark: Saved {rows} target change. SDRs told about their new targets: {told}.",
    ":white_check_mark: Saved {rows} target changes. SDRs told about their new targets: {told}.",
    "rows",
)
message("targets.dm_title", ":dart: Your new {kind} targets from {date}, set by {manager}:")
message("targets.dm_none", "No targets: you are not measured against a number for now.")
message("targets.dm_footer", "Check your pace any time with `/mykpis`.")
message("targets.dm_plain", "Your targets have changed.")

message(
    "help.team",
    "*`/kpi team [today|week|last week|month|quarter] [team]`*\nFor managers: the team "
    "scorecard, with totals against targets, the leaderboard, quality and conversion. Only you "
    "see it.",
)

# TRANSLATORS: the name of the team everyone joins with their first log, until an admin
# renames it.
message("team.default_name", "Default team")
message("team.title", "Team scorecard: {team} · {period}")
message("team.size", "SDRs: {count}")
message("team.no_sdrs", "This team has no SDRs yet. Add members with `/kpi settings`.")
message("team.empty.day", "Nothing logged and no targets for this day yet.")
message("team.empty.week", "Nothing logged and no targets for this week yet.")
message("team.empty.month", "Nothing logged and no targets for this month yet.")
message("team.empty.quarter", "Nothing logged and no targets for this quarter yet.")
message("team.totals", "Team totals")
plural(
    "team.from_opportunities",
    "from {count} opportunity",
    "from {count} opportunities",
    "count",
)
message("team.average_opportunity", "avg {value}")
message("team.previous_rate", "(previous {kind} {value})")
message("team.top", ":trophy: Top: {name} at {value}")
plural(
    "team.most_improved",
    ":rocket: Most improved: {name}, +{points} point on the previous {kind}",
    ":rocket: Most improved: {name}, +{points} points on the previous {kind}",
    "points",
)
message("team.leaderboard", "Leaderboard")
message(
    "team.leaderboard_rule",
    "Ranked by average attainment over each SDR's targeted metrics, each capped at 150%, so no "
    "one climbs on one inflated number.",
)
message("team.no_targets", "no targets")
message("team.more", "…and {count} more: ask for a shorter period or a smaller team.")
message("team.pick", "Switch team")
plural(
    "team.pick_hint",
    "You manage {count} team. Pick another above, or type `{example}`.",
    "You manage {count} teams. Pick another above, or type `{example}`.",
    "count",
)
message("team.modal_title", "Team scorecard")
message("team.close", "Close")
message(
    "team.only_managers",
    "Only managers can see team scorecards. Your own numbers are one `/mykpis` away.",
)
message(
    "team.no_teams",
    "There is no team to show yet. An admin can create one with `/kpi settings`.",
)
message(
    "team.unknown_team",
    "You manage no team called `{name}`. Your teams: {teams}. Periods: `today`, `week`, `last "
    "week`, `month`, `quarter`, as in `/kpi team last week`.",
)
message("team.not_yours", "You can only see the scorecards of teams you manage.")
message("team.short.calls", "Calls")
message("team.short.conversations", "Convos")
message("team.short.emails", "Emails")
message("team.short.social", "Social")
message("team.short.meetings_booked", "Meetings")
message("team.short.meetings_held", "Held")
message("team.short.leads", "Leads")
message("team.short.qualified_leads", "SQLs")
message("team.short.opportunities", "Opps")
message("team.short.pipeline", "Pipeline")

message("home.title", "Your KPI dashboard")
message("home.week", "Your week so far · {period}")
message(
    "home.empty",
    "Nothing logged this week yet. Press *Log activity*, or type `/kpi log 25 calls 3 meetings "
    "booked`.",
)
message("home.tips", "`/mykpis month` shows other periods · `/kpi help` lists everything.")
message(
    "home.not_measured",
    "You are not measured as an SDR, so there is no scorecard of your own here. *Team scorecard* "
    "below shows how your team is doing.",
)
message("home.manager_title", "Your team")
message(
    "home.manager_intro",
    "Set targets that fit each SDR, see how the team is doing, and set the team up.",
)
message("home.set_targets", "Set targets")
message("home.team_scorecard", "Team scorecard")
message("home.settings", "Settings")

message("settings.title", "Team settings")
message("settings.submit", "Save")
message("settings.team", "Team")
message("settings.new_team", "➕ Create a new team")
message("settings.name", "Team name")
message("settings.channel", "Scorecard channel")
message(
    "settings.channel_hint",
    "The weekly scorecard is posted here. Invite the bot to private channels.",
)
message("settings.timezone", "Time zone")
message(
    "settings.timezone_hint",
    "A name such as Europe/Oslo or America/New_York: periods, pace and posts follow it.",
)
message("settings.currency", "Currency for pipeline")
message("settings.managers", "Managers")
message("settings.members", "SDRs")
message(
    "settings.members_hint",
    "An SDR belongs to one team; only an admin can move one from another team.",
)
message("settings.workdays", "Working days")
message("settings.scorecard_day", "Weekly scorecard day")
message("settings.scorecard_time", "Weekly scorecard time")
message("settings.nudges", "Goal nudges")
message("settings.nudges_hint", "Days and times, such as: wed 14:00, fri 10:00. Empty: no nudges.")
message("settings.leaderboard", "Leaderboard size in the weekly post")
message("settings.stretch", "Stretch on suggested targets (%)")
message("settings.stretch_hint", "Suggested targets are the trailing average plus this much.")
message(
    "settings.footer",
    "Changes to schedules take effect within a few minutes, without a restart.",
)
message("settings.only_managers", "Only admins and team managers can change team settings.")
message("settings.not_allowed", "You cannot change this team.")
message("settings.bad_users", "Pick people from the list (at most 100).")
message("settings.number_range", "Enter a whole number from {low} to {high}.")
message("settings.bad_name", "Give the team a name of 1 to 80 characters.")
message("settings.name_taken", "There is already a team called {name}.")
message("settings.bad_channel", "Pick a channel from the list.")
message("settings.bad_timezone", "`{text}` is not a time zone name such as Europe/Oslo.")
message("settings.bad_choice", "Pick one from the list.")
message("settings.both_roles", "Someone is listed both as manager and as SDR.")
message("settings.bad_workdays", "Pick at least one working day.")
message("settings.bad_time", "Pick a time.")
message(
    "settings.bad_nudges",
    "Could not read `{text}`: write days and times such as wed 14:00, fri 10:00.",
)
message("settings.in_other_team", "{users} is an SDR in another team; an admin can move them.")
message("settings.created", ":white_check_mark: Team {name} is created.")
message("settings.saved", ":white_check_mark: Settings for {name} are saved.")

message("weekly.title", "Weekly scorecard · {period}")
plural(
    "weekly.context",
    "{team} · {count} SDR",
    "{team} · {count} SDRs",
    "count",
)
message("weekly.fallback", "Weekly scorecard for {team}: {period}")
message("weekly.totals", "Team totals against targets")
message("weekly.of_target", "of {target} · {percent}")
message("weekly.vs_before", "{change} vs the week before")
message("weekly.week_before", "(week before {value})")
message("weekly.leaderboard", "Leaderboard: average attainment, each metric capped at 150%")
message(
    "weekly.no_ranking",
    "No targets were set for this week, so there is no leaderboard. Managers set them with `/kpi "
    "targets`.",
)
message("weekly.highlights", "Highlights")
message("weekly.top", ":trophy: Top attainment: {name} at *{attainment}*")
plural(
    "weekly.improved",
    ":chart_with_upwards_trend: Biggest improvement: {name}, *{points} point* up on the week "
    "before",
    ":chart_with_upwards_trend: Biggest improvement: {name}, *{points} points* up on the week "
    "before",
    "points",
)
plural(
    "weekly.pipeline",
    "*Pipeline* {value} from {opportunities} opportunity",
    "*Pipeline* {value} from {opportunities} opportunities",
    "opportunities",
)
message("weekly.avg_opportunity", "avg. {value} each")
message("weekly.rates", "Quality and conversion")
message(
    "weekly.empty",
    "Nothing was logged this week. Log with `/kpi log 25 calls 3 meetings booked`, or press *Log "
    "activity*.",
)
message(
    "weekly.footer",
    "The top of the leaderboard only; your own numbers and pace are in *My KPIs* (only you see "
    "them).",
)
message("weekly.chart_title", "{team} · {period}")
message("weekly.chart_percent", "Team totals against this week's target (%)")
message("weekly.chart_totals", "Team totals")
message("weekly.chart_this_week", "This week")
message("weekly.chart_week_before", "Week before")
message("weekly.chart_people", "Top attainment, %")

message(
    "post.failed",
    ":warning: I could not post the weekly scorecard of *{team}* for {period} to <#{channel}>: "
    "Slack answered `{error}`.",
)
message("post.failed_plain", "The weekly scorecard of {team} could not be posted ({error}).")
message(
    "post.fix_invite",
    "*How to fix it:* I am not a member of <#{channel}>. Invite me: type `/invite @KPI bot` in "
    "that channel, or pick another channel in `/kpi settings`.",
)
message(
    "post.fix_archived",
    "*How to fix it:* <#{channel}> is archived. Unarchive it, or pick another channel for the "
    "team in `/kpi settings`.",
)
message(
    "post.fix_channel",
    "*How to fix it:* the channel no longer exists or I cannot see it. Pick the team's channel "
    "in `/kpi settings`, and invite me to it if it is private.",
)
message(
    "post.retry",
    "Nothing was posted, so nothing is lost: the bot tries again every 30 minutes for 12 hours "
    "after the scheduled time, so once it is fixed the scorecard follows. An admin can also run "
    "`kpibot post-scorecards --team \"{team}\" --week {week}`.",
)

plural(
    "nudge.behind_intro",
    ":hourglass_flowing_sand: A quick look at your week: {days} working day left, today "
    "included.",
    ":hourglass_flowing_sand: A quick look at your week: {days} working days left, today "
    "included.",
    "days",
)
message("nudge.line", "*{metric}*: {actual} of {target} so far, {expected} expected by now.")
message("nudge.needed", "*{amount} a day* gets you there.")
message("nudge.already_met", ":white_check_mark: Already met: {metrics}")
message(
    "nudge.congrats",
    ":tada: You have already met your weekly target for {metrics}. Great work!",
)
message(
    "nudge.opt_out",
    "Rather not get these reminders? `/kpi nudges off` (and `/kpi nudges on` to have them back).",
)
message("nudge.fallback_behind", "Your week so far: behind pace on {metrics}")
message("nudge.fallback_congrats", "Weekly target met. Great work!")
message(
    "nudge.cmd_on",
    ":bell: Goal nudges are on: I will DM you when you fall behind pace on a target.",
)
message("nudge.cmd_off", ":no_bell: Goal nudges are off. `/kpi nudges on` turns them back on.")
message("nudge.cmd_status_on", "Goal nudges are on for you. `/kpi nudges off` turns them off.")
message("nudge.cmd_status_off", "Goal nudges are off for you. `/kpi nudges on` turns them back on.")
message("nudge.cmd_usage", "Write `/kpi nudges on` or `/kpi nudges off`.")

message(
    "help.targets",
    "*`/kpi targets`* (managers)\nSet weekly, monthly or quarterly targets for SDRs or as the "
    "team default, with suggestions from history. Each SDR is told.",
)
message(
    "help.settings",
    "*`/kpi settings`* (admins, managers)\nTeams, members, channel, time zone, working days, "
    "scorecard and nudge schedules.",
)
message("help.nudges", "*`/kpi nudges on|off`*\nStop or restart goal nudges by DM.")

message("card.ramping", "ramping up, month {month} of {months}: targets at {share}")

message("targets.start", "Start date of the SDRs picked")
message(
    "targets.start_hint",
    "From this day a new SDR's targets ramp up: 50% the first month, 75% the second, then 100%.",
)
message("targets.start_range", "Pick a start date within the last three years or the coming year.")
message("targets.start_needs_sdrs", "A start date is for the SDRs picked above: pick them first.")
plural(
    "targets.start_saved",
    "Start date set for {count} SDR; their targets ramp up from it.",
    "Start date set for {count} SDRs; their targets ramp up from it.",
    "count",
)
message(
    "targets.dm_ramp",
    "You are ramping up (month {month} of {months}): for now you are measured against {share} of "
    "these.",
)

message("format.short_day", "MMM d")

message("error.title", "Something went wrong")
message("error.close", "Close")
message(
    "error.modal_failed",
    ":warning: Sorry, that window could not be opened (Slack may have taken too long). Please "
    "click or type the command again.",
)

message(
    "admins.ask",
    "Ask an admin ({admins}) to make you a team manager in `/kpi settings`. Admins are listed in "
    "the KPI_ADMIN_IDS setting.",
)
message(
    "admins.none",
    "No admin is set yet: whoever runs the bot adds Slack member IDs to the KPI_ADMIN_IDS "
    "setting and restarts it.",
)

message("error.help", "`/kpi help` lists everything.")

message("parse.did_you_mean", "I did not understand `{text}`. Did you mean `{suggestion}`?")
message(
    "parse.wrong_currency",
    "{typed} means {given}, but this team counts pipeline in {currency}. Nothing was logged: "
    "give the amount in {currency}, as in `/kpi log pipeline {amount}`.",
)
message(
    "parse.ambiguous_number",
    "`{text}` could mean {whole} or {fraction}, so nothing was logged. Write `{whole}` if you "
    "mean {whole}.",
)

message("form.did_you_mean", "Did you mean `{suggestion}`?")
message(
    "form.wrong_currency",
    "This team counts pipeline in {currency}, not {given}: give the amount in {currency}.",
)
message(
    "form.ambiguous_number",
    "{text} could mean {whole} or {fraction}: write {whole} if you mean {whole}.",
)

message(
    "export.only_managers",
    "Only managers can export a team. `/kpi export` without a team name exports your own "
    "numbers.",
)
message("export.unknown_team", "You manage no team called `{name}`. Your teams: {teams}.")
message("export.you", "your own numbers")
plural(
    "export.sent",
    "Exporting {rows} row ({scope}, {period}): the CSV is on its way to your DMs.",
    "Exporting {rows} rows ({scope}, {period}): the CSV is on its way to your DMs.",
    "rows",
)
message(
    "export.comment",
    "Activity export: {scope}, {period}. It is in the import format: `kpibot import` reads it "
    "back.",
)

message("history.only_managers", "Only managers can see an SDR's history.")
message("history.usage", "Name the SDR: `/kpi history @name`.")
message("history.not_yours", "That person is not an SDR in a team you manage.")
message("history.none", "No changes recorded for <@{user}> yet.")
message("history.title", "Recent changes for <@{user}>")
message("history.logged", "{who} logged {what} for {day}")
message("history.undone", "{who} undid {what}")
plural(
    "history.imported",
    "{who} imported `{file}`: {rows} row",
    "{who} imported `{file}`: {rows} rows",
    "rows",
)
plural(
    "history.webhook",
    "{who} sent {rows} row from a CRM",
    "{who} sent {rows} rows from a CRM",
    "rows",
)
message("history.other", "{who}: {action} {subject}")
message("history.audit_hint", "The whole trail, as CSV: `kpibot export --audit`.")

message(
    "undo.nothing_left",
    "Nothing left to undo: every entry you typed in Slack is undone already. Imported and synced "
    "activity is corrected at its source.",
)

message(
    "help.export",
    "*`/kpi export [today|week|last week|month|quarter] [team]`*\nYour activity as a CSV in your "
    "DMs; managers name a team for the whole team's. `kpibot import` reads it back.",
)
message(
    "help.history",
    "*`/kpi history @sdr`* (managers)\nAn SDR's recent changes: what was logged, undone and "
    "imported, and by whom.",
)

message("parse.refused", "Nothing was logged: {reason}.")

message("crmsync.title", "CRM sync")
message("crmsync.only_admins", "Only admins (the KPI_ADMIN_IDS setting) can see the CRM sync.")
message(
    "crmsync.none",
    "No CRM is set up: set HUBSPOT_ACCESS_TOKEN, or the SALESFORCE_ variables, and restart the "
    "bot (README: CRM sync).",
)
message("crmsync.not_configured", "not set up")
message("crmsync.never", "never")
message(
    "crmsync.source",
    "*{source}* ({state})\nLast run: {last_run}. Read {records} records, changed {rows} rows; "
    "{unmatched} owners unmatched, {errors} errors.\nNext run: {next_run}.",
)
message("crmsync.running", "on")
message("crmsync.stopped", ":warning: Stopped: {error}")
message("crmsync.unmatched", "Owners with no Slack user (not counted): {owners}")
message("crmsync.last_error", "Last error: {error}")
message(
    "crmsync.dm_auth",
    ":warning: The {source} sync has stopped: {error}. Fix it and restart the bot; the sync then "
    "goes on from where it stopped.",
)
message(
    "crmsync.dm_unmatched",
    "The {source} sync found CRM owners with no Slack user: {owners}. Their records are not "
    "counted until someone in Slack has the same e-mail address.",
)

message(
    "help.sync",
    "*`/kpi sync`* (admins)\nThe CRM sync: each source's last run, records read, rows changed, "
    "owners without a Slack user, errors and the next run.",
)

message("settings.done", "Done")
message(
    "settings.sdr_count",
    "{count} SDRs are in this team, more than one list can show. Add or remove some below; "
    "everyone else stays.",
)
message("settings.add_members", "Add SDRs")
message("settings.remove_members", "Remove SDRs")
message("settings.not_in_team", "{users} is not an SDR of this team.")
message(
    "settings.no_managers",
    "Keep at least one manager: without one, only admins could change this team.",
)
message(
    "settings.saved_no_managers",
    "The team has no managers now: only admins can change its settings.",
)
message("settings.team_search", "Type to find a team")
message("settings.add_and_remove", "Someone is both added and removed.")
