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
message("card.team_average", "team avg {value}")
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
    "logged.week_posted",
    ":information_source: Week {week}'s scorecard was already posted to your team: this changes "
    "your numbers in `/mykpis`, not that post.",
)

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
    "*Targets*: a filled field is the selection's own target: change it, or empty it for no "
    "target from then on. An empty field keeps whatever applies now (shown in its hint). The "
    "hints show what history suggests.",
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
message("team.average_opportunity", "avg {value}")
message("team.previous_rate", "(previous {kind} {value})")
message("team.top", ":trophy: Top: {name} at {value}")
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
    "You are not measured as an SDR, so there is no scorecard of your own here. Press *Team "
    "scorecard* below to see how your team is doing.",
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
message("weekly.fallback", "Weekly scorecard for {team}: {period}")
message("weekly.totals", "Team totals against targets")
message("weekly.of_target", "of {target} · {percent}")
message("weekly.week_before", "(week before {value})")
message("weekly.leaderboard", "Leaderboard: average attainment, each metric capped at 150%")
message(
    "weekly.no_ranking",
    "No targets were set for this week, so there is no leaderboard. Managers set them with `/kpi "
    "targets`.",
)
message("weekly.highlights", "Highlights")
message("weekly.top", ":trophy: Top attainment: {name} at *{attainment}*")
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

message("parse.two_techniques", "Give one technique only.")
message(
    "parse.empty_technique",
    "`technique:` needs a tag, such as `technique:video-email` or `#video-email`.",
)
message(
    "parse.bad_technique",
    "A technique is one word of letters, digits or dashes, such as `technique:video-email` or "
    "`#video-email`.",
)

message("insights.only_managers", "Insights, notes and reviews are for the managers of a team.")
message("insights.not_your_sdr", "{user} is not an SDR in a team you manage.")
message("insights.unknown_team", "You manage no team called {name}. Your teams: {teams}.")
message("insights.one_sdr", "Name one SDR at a time.")
message("insights.plain", "Insights for {scope}")
message("insights.title", "Insights: {scope}")
message("insights.window", "{start} – {end} {window}")
message("insights.default_window", "(the last {weeks} weeks)")
message(
    "insights.how",
    "Each rate with the counts behind it and its 95 % Wilson interval. Best and worst are named "
    "only where a test, corrected for the number of groups, shows a difference beyond chance.",
)
message("insights.share", "{share} ({counts}, {low}–{high})")
message("insights.no_base", "– ({counts})")
message("insights.inconsistent", "{share} ({counts}) :warning: more than 100 %: check the logging")
message("insights.by_source", "By source")
message("insights.by_technique", "By technique")
message("insights.by_sdr", "By SDR")
message("insights.untagged", "_no tag_")
message(
    "insights.no_sources",
    "No activity in this period carries a source. Tag logs with `source:inbound`.",
)
message(
    "insights.no_techniques",
    "No activity in this period carries a technique. Tag logs with `technique:video-email` or "
    "`#video-email`.",
)
message("insights.more_groups", "… and {count} more with fewer counts")
message(
    "insights.best",
    ":arrow_up: Best {rate}: `{tag}` {share} against {rest} for the rest ({test}, p = {p} after "
    "correction)",
)
message(
    "insights.worst",
    ":arrow_down: Worst {rate}: `{tag}` {share} against {rest} for the rest ({test}, p = {p} "
    "after correction)",
)
message(
    "insights.no_standout",
    "No group differs from the rest beyond chance yet: no best or worst to name.",
)
message("insights.test.fisher", "Fisher's exact test")
message("insights.test.ztest", "two-proportion z-test")
message("insights.base.leads", "leads")
message("insights.base.meetings_booked", "booked meetings")
message("insights.notes", "Noted changes (4 weeks before against 4 weeks after)")
message(
    "insights.no_notes",
    "No changes noted in this period. Record one with `/kpi note new call script`.",
)
message("insights.note", "*{day}* {text} ({who})")
message("insights.whole_team", "whole team")

message("effect.likely_real", "{rate}: {before} → {after}: *likely real* ({test}, p = {p})")
message("effect.not_significant", "{rate}: {before} → {after}: not significant ({test}, p = {p})")
message(
    "effect.need_more",
    "{rate}: {before} → {after}: not significant yet ({test}, p = {p}); not enough data yet: "
    "about {more} more {base} needed to tell",
)
message("effect.no_data", "{rate}: not enough data yet ({before} → {after})")
message("effect.partial", "the weeks after are not all here yet")

message("note.empty", "Say what changed, such as `/kpi note new call script`.")
message("note.too_long", "The note is too long: keep it under {limit} characters.")
message("note.team_or_sdr", "A note is for a team or for one SDR, not both.")
message(
    "note.saved",
    "Noted for {who} from {day}: {text}. `/kpi insights` compares the weeks before and after.",
)

message("off.only_own", "You can mark your own time off; managers mark their SDRs'.")
message(
    "off.bad_date",
    "`{text}` is not a day or range I can use: write `2026-12-21`, `2026-12-21..2026-12-31`, "
    "`today` or `tomorrow`.",
)
message("off.backwards", "{last} is before {first}: give the first day first.")
message("off.too_long", "Mark at most {limit} days at a time.")
message("off.out_of_range", "Time off can be marked up to {ahead} days ahead and {back} days back.")
message("off.no_working_days", "Those are no working days: nothing to mark.")
message("off.you", "you")
message(
    "off.saved",
    "Time off for {who}, {first} – {last}: {count} working days ({new} new). Pace and targets "
    "leave them out.",
)
message("off.cancelled", "Cancelled {count} days of time off for {who}, {first} – {last}.")
message("off.none", "No time off from the last month on.")
message("off.list_title", "Time off, from the last month on")
message(
    "off.hint",
    "`/kpi off 2026-12-21..2026-12-31` marks days off, `/kpi off cancel 2026-12-24` takes one "
    "back, `/kpi off list` shows them.",
)

message("benchmark.band", "industry {value} ({source})")
message("benchmark.per.day", "{low}–{high} a day")
message("benchmark.per.week", "{low}–{high} a week")
message("benchmark.per.month", "{low}–{high} a month")
message("benchmark.per.quarter", "{low}–{high} a quarter")
message("benchmark.source.vendor", "{publisher} {year}, vendor estimate")
message("benchmark.source.survey", "{publisher} {year}, survey")

message("review.name_one", "Name the SDR to review, such as `/kpi review @anna last month`.")
message(
    "review.bad_month",
    "`{text}` is not a month I can use: write `month`, `last month` or `2026-10`.",
)
message("review.future_month", "That month has not begun yet.")
message("review.plain", "1:1 review of {who}, {month}")
message("review.title", "1:1 review: {who} · {month}")
message("review.in_progress", "month in progress")
message("review.complete", "complete month")
message("review.time_off", "{count} days off: {days}")
message("review.no_time_off", "no time off")
message("review.team_size", "compared with {count} SDRs in the team")
message("review.against_targets", "The month against targets")
message("review.of_target", "of {target} ({share})")
message("review.team_median", "team median {value}")
message("review.trend", "Three-month trend")
message("review.strengths", "Strengths against the team median")
message("review.weaknesses", "Weaknesses against the team median")
message("review.standing", "{name}: {value} against a team median of {median} ({gap})")
message("review.none", "none this month")
message("review.by_source", "Conversion by source, three months")
message("review.points", "Talking points")
message(
    "review.point.target",
    "{metric}: {actual} of the {target} target ({share}). Agree what a realistic finish looks "
    "like and what it takes.",
)
message(
    "review.point.strength",
    "{name} is a strength: {value} against a team median of {median}. Ask what works, so the "
    "team can learn from it.",
)
message(
    "review.point.weakness",
    "{name} has the biggest gap: {value} against a team median of {median}. Agree one change for "
    "next month and record it with `/kpi note`.",
)
message(
    "review.point.source",
    "Leads from `{source}` convert best: {share} against {rest} for the rest. Consider spending "
    "more time there.",
)
message(
    "review.point.note",
    "The change “{text}” moved {rate} from {before} to {after}, likely a real effect. Keep it "
    "going.",
)
message(
    "review.point.no_data",
    "There is little data for {month}: agree how activity gets logged, so the next review can "
    "say more.",
)
message("review.chart_title", "{who}: three months to {month}")
message("review.chart_counts", "Activity and results per month")
message("review.chart_rates", "Rates per month (%)")

message("stale.title", ":hourglass: Nothing logged for {days}+ working days:")
message("stale.since", "{who} (last {day}, {days} working days)")
message("stale.never", "{who} (nothing logged yet)")
message("stale.more", "and {count} more")
message(
    "stale.count",
    ":hourglass: SDRs who have logged nothing for {days}+ working days: {count}. Managers see "
    "who in `/kpi team`.",
)

message("benchmark.team_title", ":bar_chart: Against industry bands:")
message("benchmark.team_line", "{name} team {value}, {band}")
message("benchmark.team_average_line", "{name} {value} per SDR, {band}")

message(
    "weekly.finding_source",
    ":bulb: *Finding of the week:* leads from `{source}` convert at {after} in the last 4 weeks, "
    "against {before} in the 4 weeks before ({test}, p = {p} after correcting for every source "
    "tested).",
)
message(
    "weekly.finding_note",
    ":bulb: *Finding of the week:* since “{text}” ({day}), {rate} went from {before} to {after}: "
    "likely real ({test}, p = {p}).",
)

message("insights.chart_title", "{scope}: the last {weeks} weeks")
message("insights.chart_counts", "Meetings, leads and opportunities per week")

message(
    "help.log_tags",
    "*`/kpi log 20 leads source:inbound technique:video-email`* (or `#video-email`)\nTag a log "
    "with where the leads came from and how you worked them: `/kpi insights` compares sources "
    "and techniques.",
)
message(
    "help.off",
    "*`/kpi off 2026-12-21..2026-12-31 [@sdr]`*, *`/kpi off list`*, *`/kpi off cancel "
    "2026-12-24`*\nTime off: pace and targets leave those days out, and no nudges come. Managers "
    "can mark their SDRs' days.",
)
message(
    "help.insights",
    "*`/kpi insights [period] [team|@sdr]`* (managers)\nConversion, lead quality and show rate "
    "by source, technique and SDR, with counts and 95 % intervals; which noted changes made a "
    "real difference. The 12-week trend comes to your DMs as a chart.",
)
message(
    "help.note",
    "*`/kpi note new call script [YYYY-MM-DD] [team:Name|@sdr]`* (managers)\nRecord a change: "
    "insights compare the 4 weeks before and after it and say whether the difference is likely "
    "real.",
)
message(
    "help.review",
    "*`/kpi review @sdr [month|last month|YYYY-MM]`* (managers)\nA 1:1 pack: the month against "
    "targets, three-month trend, strengths and weaknesses against the team, sources, noted "
    "changes and talking points. Only you see it; the chart comes to your DMs.",
)

message("logged.technique", "Technique: {technique}")

message("rate.implausible", ":warning: over 100%: check what was logged")

message("compare.change", "{change} {label}")
message("compare.counts", "{current} vs {base} {label}")
message("compare.vs.previous_working_day", "vs the previous working day")
message("compare.vs.this_time_last.week", "vs this time last week")
message("compare.vs.this_time_last.month", "vs this time last month")
message("compare.vs.this_time_last.quarter", "vs this time last quarter")
message("compare.vs.previous.week", "vs the previous week")
message("compare.vs.previous.month", "vs the previous month")
message("compare.vs.previous.quarter", "vs the previous quarter")
message("compare.at.previous_working_day", "on the previous working day")
message("compare.at.this_time_last.week", "at this time last week")
message("compare.at.this_time_last.month", "at this time last month")
message("compare.at.this_time_last.quarter", "at this time last quarter")
message("compare.at.previous.week", "in the previous week")
message("compare.at.previous.month", "in the previous month")
message("compare.at.previous.quarter", "in the previous quarter")

plural(
    "card.own_average.day",
    "your average, last working day: {value}",
    "your average, last {count} working days: {value}",
    "count",
)
plural(
    "card.own_average.week",
    "your average, last week: {value}",
    "your average, last {count} weeks: {value}",
    "count",
)
plural(
    "card.own_average.month",
    "your average, last month: {value}",
    "your average, last {count} months: {value}",
    "count",
)
plural(
    "card.own_average.quarter",
    "your average, last quarter: {value}",
    "your average, last {count} quarters: {value}",
    "count",
)
message("card.source.own", "your own target")
message("card.source.team", "the team's default target")
message("card.source.own_prorated", "pro-rated from your {kind} target")
message("card.source.team_prorated", "pro-rated from the team's {kind} target")
message("card.not_measured", "not measured as an SDR, so no targets apply")
plural(
    "card.time_off",
    "targets scaled for time off: {available} of {count} working day",
    "targets scaled for time off: {available} of {count} working days",
    "count",
)
plural(
    "card.progress",
    "{elapsed} of {total} working day done",
    "{elapsed} of {total} working days done",
    "total",
)

plural(
    "targets.saved",
    ":white_check_mark: Saved {count} target change. SDRs told about their new targets: {told}.",
    ":white_check_mark: Saved {count} target changes. SDRs told about their new targets: {told}.",
    "count",
)
plural(
    "targets.start_saved",
    "Start date set for {count} SDR; their targets ramp up from it.",
    "Start date set for {count} SDRs; their targets ramp up from it.",
    "count",
)

plural(
    "team.from_opportunities",
    "from {count} opportunity",
    "from {count} opportunities",
    "count",
)
plural(
    "team.most_improved",
    ":rocket: Most improved: {name}, +{points} point on the previous {kind}",
    ":rocket: Most improved: {name}, +{points} points on the previous {kind}",
    "points",
)

plural(
    "weekly.pipeline",
    "*Pipeline* {value} from {opportunities} opportunity",
    "*Pipeline* {value} from {opportunities} opportunities",
    "opportunities",
)
plural(
    "weekly.context",
    "{team} · {count} SDR",
    "{team} · {count} SDRs",
    "count",
)
plural(
    "weekly.improved",
    ":chart_with_upwards_trend: Biggest improvement: {name}, *{points} point* up on the week "
    "before",
    ":chart_with_upwards_trend: Biggest improvement: {name}, *{points} points* up on the week "
    "before",
    "points",
)

plural(
    "nudge.behind_intro",
    ":hourglass_flowing_sand: A quick look at your week: {days} working day left, today included.",
    ":hourglass_flowing_sand: A quick look at your week: {days} working days left, today included.",
    "days",
)

message(
    "targets.nothing_changed",
    "Nothing changed: type a new number in a field, or pick a start date.",
)
message("targets.hint_in_force", "In force now: {value}, {source}")

message("settings.nudge_share", "Nudge when behind pace by at least (%)")
message(
    "settings.nudge_share_hint",
    "Of what is expected by now; counts must also be a whole unit behind. 10 % by default.",
)

# Issue 12: the team motion and stale days in /kpi settings; the own average in the review.
message("settings.motion", "Sales motion (for industry benchmarks)")
message("settings.motion.outbound", "Outbound")
message("settings.motion.inbound", "Inbound")
message("settings.motion.enterprise", "Enterprise")
message(
    "settings.motion_hint",
    "Picks the industry bands shown beside the numbers, each with its public source.",
)
message("settings.stale_days", "Stale after (working days without a log)")
message(
    "settings.stale_days_hint",
    "Managers see which SDRs have logged nothing for this many working days. 3 by default.",
)
plural(
    "review.own_average",
    "own average over {count} month before: {value}",
    "own average over {count} months before: {value}",
    "count",
)
message(
    "money.other_currencies",
    "Targets, pace and averages count only amounts in {currency}; {amounts} logged in "
    "another currency is shown beside them, never converted",
)
message(
    "money.previous_other_currencies",
    "The comparison counts only amounts in {currency}; amounts in {currencies} before it are "
    "left out",
)
message(
    "money.earlier_other_currencies",
    "Comparisons and your average count only amounts in {currency}; earlier amounts in "
    "{currencies} are left out",
)
message(
    "settings.currency_hint",
    "A change applies from today: amounts logged before keep their currency, and a pipeline "
    "target counts only amounts in its own.",
)
