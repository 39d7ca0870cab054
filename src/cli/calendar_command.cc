// beian calendar due|show: check due times and the official calendar.
#include <chrono>

#include "beian/calendar/due_time.h"
#include "beian/calendar/office_hours.h"
#include "beian/calendar/working_day_calendar.h"
#include "cli_context.h"
#include "json_view.h"

namespace beian::cli {
namespace {

struct DueArgs {
  std::string region = "default";
  std::string at;
  bool json = false;
};

struct ShowArgs {
  int year = 0;
  bool json = false;
};

StatusOr<WorkingDayCalendar> LoadCalendar(const Context& ctx) {
  return LoadCalendarDir(ctx.ConfigPath("calendar"));
}

// "2026-02-14 17:00 (Sat) +08:00".
std::string ShowLocal(const OfficeHours& hours, TimePoint t) {
  const LocalTime local = ToLocal(hours, t);
  const std::chrono::year_month_day day{std::chrono::sys_days(
      std::chrono::floor<std::chrono::days>(local).time_since_epoch())};
  return FormatLocalDateTime(local) + " (" + std::string(WeekdayName(day)) +
         ") " + FormatUtcOffset(hours.utc_offset);
}

nlohmann::json DueJson(const OfficeHours& hours, TimePoint received,
                       const DueResult& r) {
  return {{"region", hours.region},
          {"office_hours_section", hours.section},
          {"timezone", hours.timezone},
          {"office_hours", FormatPeriods(hours.periods)},
          {"received_local", FormatLocalDateTime(ToLocal(hours, received))},
          {"received_utc", FormatUtc(received)},
          {"counted_from_local",
           FormatLocalDateTime(ToLocal(hours, r.counted_from))},
          {"due_local", FormatLocalDateTime(ToLocal(hours, r.due))},
          {"due_utc", FormatUtc(r.due)},
          {"warnings", r.warnings}};
}

void PrintDue(Context& ctx, const OfficeHours& hours, TimePoint received,
              const DueResult& r) {
  std::ostream& out = *ctx.out;
  out << "地区:     " << hours.region << "（办公时间 "
      << FormatPeriods(hours.periods) << "，" << hours.timezone << "，取自 ["
      << hours.section << "]）\n"
      << "收件时间: " << ShowLocal(hours, received) << " = "
      << FormatUtc(received) << "\n"
      << "起算时间: " << ShowLocal(hours, r.counted_from) << "\n"
      << "答复期限: " << ShowLocal(hours, r.due) << " = " << FormatUtc(r.due)
      << "\n";
}

int RunDue(Context& ctx, const DueArgs& args) {
  StatusOr<WorkingDayCalendar> calendar = LoadCalendar(ctx);
  if (!calendar.ok()) return Fail(ctx, calendar.status());
  StatusOr<OfficeHours> hours =
      LoadOfficeHours(ctx.ConfigPath("office_hours.toml"), args.region);
  if (!hours.ok()) return Fail(ctx, hours.status());
  const std::optional<LocalTime> local = ParseLocalDateTime(args.at);
  if (!local) {
    return Fail(ctx, InvalidArgument("--at \"" + args.at +
                                     "\": give the region's local time as "
                                     "\"YYYY-MM-DD HH:MM\""));
  }
  const TimePoint received = FromLocal(*hours, *local);
  const DueResult r = DueTime(*calendar, *hours, received);
  for (const std::string& w : r.warnings) {
    *ctx.err << "beian: warning: " << w << "\n";
  }
  if (args.json) {
    *ctx.out << DueJson(*hours, received, r).dump(2) << "\n";
  } else {
    PrintDue(ctx, *hours, received, r);
  }
  return 0;
}

long DayCount(const Holiday& h) {
  return (std::chrono::sys_days(h.to) - std::chrono::sys_days(h.from)).count() +
         1;
}

std::string ShowDay(std::chrono::year_month_day d) {
  return FormatDate(d) + " (" + std::string(WeekdayName(d)) + ")";
}

nlohmann::json YearJson(const CalendarYear& y) {
  nlohmann::json holidays = nlohmann::json::array();
  for (const Holiday& h : y.holidays) {
    holidays.push_back({{"name", h.name},
                        {"from", FormatDate(h.from)},
                        {"to", FormatDate(h.to)},
                        {"days", DayCount(h)}});
  }
  nlohmann::json makeup = nlohmann::json::array();
  for (const auto& d : y.makeup_workdays) makeup.push_back(FormatDate(d));
  return {{"year", y.year},
          {"source", y.source},
          {"file", y.file},
          {"holidays", holidays},
          {"makeup_workdays", makeup}};
}

void PrintYear(Context& ctx, const CalendarYear& y) {
  std::ostream& out = *ctx.out;
  out << y.year << " 年工作日历（" << y.file << "）\n"
      << "来源: " << y.source << "\n放假:\n";
  for (const Holiday& h : y.holidays) {
    out << "  " << ShowDay(h.from) << " – " << ShowDay(h.to) << "  "
        << DayCount(h) << " 天  " << h.name << "\n";
  }
  out << "调休上班:\n";
  for (const auto& d : y.makeup_workdays) out << "  " << ShowDay(d) << "\n";
  out << "其余周一至周五上班，周六、周日休息。\n";
}

int RunShow(Context& ctx, const ShowArgs& args) {
  StatusOr<WorkingDayCalendar> calendar = LoadCalendar(ctx);
  if (!calendar.ok()) return Fail(ctx, calendar.status());
  const CalendarYear* year = calendar->Year(args.year);
  if (year == nullptr) {
    return Fail(ctx, NotFound(calendar->MissingYearWarning(args.year)));
  }
  if (args.json) {
    *ctx.out << YearJson(*year).dump(2) << "\n";
  } else {
    PrintYear(ctx, *year);
  }
  return 0;
}

}  // namespace

void AddCalendarCommand(CLI::App& app, Context& ctx, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "calendar", "Working days (调休) and answer due times");
  cmd->require_subcommand(1);

  auto due = std::make_shared<DueArgs>();
  CLI::App* due_cmd = cmd->add_subcommand(
      "due", "When the answer to a mail received at --at is due");
  due_cmd
      ->add_option("--region", due->region,
                   "Region code; its office hours, else [default]")
      ->capture_default_str();
  due_cmd
      ->add_option("--at", due->at,
                   "Receipt in the region's local time, \"YYYY-MM-DD HH:MM\"")
      ->required();
  due_cmd->add_flag("--json", due->json, "Print the result as JSON");
  due_cmd->callback([&ctx, due, exit_code] { *exit_code = RunDue(ctx, *due); });

  auto show = std::make_shared<ShowArgs>();
  CLI::App* show_cmd = cmd->add_subcommand(
      "show", "List one year's off days and make-up workdays");
  show_cmd->add_option("--year", show->year, "Calendar year, e.g. 2026")
      ->required();
  show_cmd->add_flag("--json", show->json, "Print the result as JSON");
  show_cmd->callback(
      [&ctx, show, exit_code] { *exit_code = RunShow(ctx, *show); });
}

}  // namespace beian::cli
