// Reading config/calendar/YYYY.toml into CalendarYear values.
#include <algorithm>
#include <charconv>
#include <filesystem>

#include "beian/base/whole_file.h"
#include "beian/calendar/working_day_calendar.h"
#include "toml/toml_reader.h"

namespace beian {
namespace {

using internal::KeyError;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// The date at `node`, which must be an unquoted TOML date inside `year`.
StatusOr<year_month_day> ReadDate(const toml::node& node, int year,
                                  const std::string& file,
                                  const std::string& key) {
  const toml::value<toml::date>* date = node.as_date();
  if (date == nullptr) {
    return KeyError(
        file, node, key,
        "expected an unquoted date like " + std::to_string(year) + "-01-01");
  }
  const year_month_day ymd = internal::ToYmd(date->get());
  if (static_cast<int>(ymd.year()) != year) {
    return KeyError(file, node, key,
                    FormatDate(ymd) + " is not in year " +
                        std::to_string(year) + " (each file holds one year)");
  }
  return ymd;
}

StatusOr<Holiday> ReadHoliday(const toml::node& node, int year,
                              const std::string& file, const std::string& key) {
  const toml::table* t = node.as_table();
  if (t == nullptr) {
    return KeyError(file, node, key,
                    "expected { name = \"...\", from = DATE, to = DATE }");
  }
  BEIAN_RETURN_IF_ERROR(
      internal::CheckKnownKeys(*t, file, key + ".", {"name", "from", "to"}));
  Holiday h;
  for (std::string_view field : {"name", "from", "to"}) {
    if (!t->contains(field)) {
      return KeyError(file, node, key + "." + std::string(field), "missing");
    }
  }
  const toml::node& name = *t->get("name");
  if (!name.is_string() || name.as_string()->get().empty()) {
    return KeyError(file, name, key + ".name", "expected a non-empty string");
  }
  h.name = name.as_string()->get();
  StatusOr<year_month_day> from =
      ReadDate(*t->get("from"), year, file, key + ".from");
  if (!from.ok()) return from.status();
  StatusOr<year_month_day> to =
      ReadDate(*t->get("to"), year, file, key + ".to");
  if (!to.ok()) return to.status();
  if (sys_days(*to) < sys_days(*from)) {
    return KeyError(file, *t->get("to"), key + ".to",
                    FormatDate(*to) + " is before from " + FormatDate(*from));
  }
  h.from = *from;
  h.to = *to;
  return h;
}

const toml::array* RequireArray(const toml::table& top, std::string_view key) {
  const toml::node* n = top.get(key);
  return n == nullptr ? nullptr : n->as_array();
}

Status ReadHolidays(const toml::table& top, const std::string& file,
                    CalendarYear& out) {
  const toml::array* list = RequireArray(top, "holidays");
  if (list == nullptr) {
    const std::string what = "expected an array of { name, from, to }";
    const toml::node* n = top.get("holidays");
    return n ? KeyError(file, *n, "holidays", what)
             : KeyError(file, "holidays", "missing; " + what);
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string key = "holidays[" + std::to_string(i) + "]";
    StatusOr<Holiday> h = ReadHoliday(*list->get(i), out.year, file, key);
    if (!h.ok()) return h.status();
    for (const Holiday& earlier : out.holidays) {
      if (sys_days(h->from) <= sys_days(earlier.to) &&
          sys_days(earlier.from) <= sys_days(h->to)) {
        return KeyError(file, *list->get(i), key,
                        "overlaps the holiday " + earlier.name);
      }
    }
    out.holidays.push_back(std::move(*h));
  }
  return Status::Ok();
}

Status CheckMakeupDay(const CalendarYear& cal, year_month_day day,
                      const std::string& file, const toml::node& node,
                      const std::string& key) {
  const std::string_view wd = WeekdayName(day);
  if (wd != "Sat" && wd != "Sun") {
    return KeyError(file, node, key,
                    FormatDate(day) + " is a " + std::string(wd) +
                        ", a working day already; make-up days are weekends");
  }
  for (const Holiday& h : cal.holidays) {
    if (sys_days(h.from) <= sys_days(day) && sys_days(day) <= sys_days(h.to)) {
      return KeyError(file, node, key,
                      FormatDate(day) + " lies inside the holiday " + h.name);
    }
  }
  return Status::Ok();
}

Status ReadMakeupDays(const toml::table& top, const std::string& file,
                      CalendarYear& out) {
  const toml::array* list = RequireArray(top, "makeup_workdays");
  if (list == nullptr) {
    const std::string what = "expected an array of dates (may be empty: [])";
    const toml::node* n = top.get("makeup_workdays");
    return n ? KeyError(file, *n, "makeup_workdays", what)
             : KeyError(file, "makeup_workdays", "missing; " + what);
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string key = "makeup_workdays[" + std::to_string(i) + "]";
    StatusOr<year_month_day> d = ReadDate(*list->get(i), out.year, file, key);
    if (!d.ok()) return d.status();
    BEIAN_RETURN_IF_ERROR(CheckMakeupDay(out, *d, file, *list->get(i), key));
    out.makeup_workdays.push_back(*d);
  }
  return Status::Ok();
}

Status ReadHeader(const toml::table& top, const std::string& file,
                  CalendarYear& out) {
  const toml::node* year = top.get("year");
  const std::string what = "expected the year as a number, e.g. year = 2026";
  if (year == nullptr) return KeyError(file, "year", "missing; " + what);
  if (!year->is_integer()) return KeyError(file, *year, "year", what);
  const int64_t y = year->as_integer()->get();
  if (y < 1949 || y > 9999) {
    return KeyError(file, *year, "year",
                    std::to_string(y) + " is out of range");
  }
  out.year = static_cast<int>(y);
  const toml::node* source = top.get("source");
  if (source != nullptr && !source->is_string()) {
    return KeyError(file, *source, "source", "expected a string");
  }
  if (source != nullptr) out.source = source->as_string()->get();
  return Status::Ok();
}

// 2026 for "2026.toml"; nullopt for other names.
std::optional<int> YearOfFileName(const std::filesystem::path& p) {
  const std::string stem = p.stem().string();
  if (p.extension() != ".toml" || stem.size() != 4) return std::nullopt;
  int y = 0;
  auto [end, ec] = std::from_chars(stem.data(), stem.data() + stem.size(), y);
  if (ec != std::errc() || end != stem.data() + stem.size())
    return std::nullopt;
  return y;
}

}  // namespace

StatusOr<CalendarYear> ParseCalendarYear(std::string_view toml_text,
                                         const std::string& file) {
  StatusOr<toml::table> top = internal::ParseTomlText(toml_text, file);
  if (!top.ok()) return top.status();
  BEIAN_RETURN_IF_ERROR(internal::CheckKnownKeys(
      *top, file, "", {"year", "source", "holidays", "makeup_workdays"}));
  CalendarYear out;
  out.file = file;
  BEIAN_RETURN_IF_ERROR(ReadHeader(*top, file, out));
  BEIAN_RETURN_IF_ERROR(ReadHolidays(*top, file, out));
  BEIAN_RETURN_IF_ERROR(ReadMakeupDays(*top, file, out));
  return out;
}

StatusOr<WorkingDayCalendar> LoadCalendarDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (YearOfFileName(it->path())) files.push_back(it->path());
  }
  if (ec) {
    return IoError("cannot read the calendar folder " + dir + ": " +
                   ec.message());
  }
  std::sort(files.begin(), files.end());
  WorkingDayCalendar calendar(dir);
  for (const fs::path& path : files) {
    StatusOr<std::string> text = ReadWholeFile(path.string());
    if (!text.ok()) return text.status();
    StatusOr<CalendarYear> year = ParseCalendarYear(*text, path.string());
    if (!year.ok()) return year.status();
    if (year->year != *YearOfFileName(path)) {
      return InvalidArgument(path.string() +
                             ": year: " + std::to_string(year->year) +
                             " differs from the file name");
    }
    BEIAN_RETURN_IF_ERROR(calendar.AddYear(std::move(*year)));
  }
  return calendar;
}

}  // namespace beian
