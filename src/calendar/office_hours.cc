// Reading config/office_hours.toml, and the region's local wall time.
#include "beian/calendar/office_hours.h"

#include <charconv>
#include <optional>

#include "beian/base/whole_file.h"
#include "beian/calendar/working_day_calendar.h"
#include "toml/toml_reader.h"

namespace beian {
namespace {

using internal::KeyError;
using std::chrono::minutes;

// What one table ([default] or [regions.X]) sets; unset keys are nullopt.
struct HoursTable {
  std::optional<std::string> timezone;
  std::optional<minutes> utc_offset;
  std::optional<std::vector<OfficePeriod>> periods;
};

// Reads exactly `len` digits at `s[pos]`.
bool ReadDigits(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  const char* begin = s.data() + pos;
  auto [end, ec] = std::from_chars(begin, begin + len, out);
  return ec == std::errc() && end == begin + len;
}

// "HH:MM" (00:00..24:00) as minutes since midnight.
std::optional<minutes> ParseClock(std::string_view s) {
  int h = 0;
  int m = 0;
  if (s.size() != 5 || s[2] != ':' || !ReadDigits(s, 0, 2, h) ||
      !ReadDigits(s, 3, 2, m) || m > 59 || h * 60 + m > 24 * 60) {
    return std::nullopt;
  }
  return minutes(h * 60 + m);
}

// "Asia/Shanghai", "UTC" or "+08:00" / "-03:30".
std::optional<minutes> ParseTimezone(std::string_view tz) {
  if (tz == "Asia/Shanghai") return minutes(8 * 60);
  if (tz == "UTC") return minutes(0);
  if (tz.size() != 6 || (tz[0] != '+' && tz[0] != '-')) return std::nullopt;
  const std::optional<minutes> off = ParseClock(tz.substr(1));
  if (!off || *off > minutes(14 * 60)) return std::nullopt;
  return tz[0] == '-' ? -*off : *off;
}

StatusOr<OfficePeriod> ReadPeriod(const toml::node& node,
                                  const std::string& file,
                                  const std::string& key) {
  const std::string what = "expected \"HH:MM-HH:MM\" with open before close";
  const std::optional<std::string_view> s = node.value<std::string_view>();
  if (!s || s->size() != 11 || (*s)[5] != '-') {
    return KeyError(file, node, key, what);
  }
  const std::optional<minutes> open = ParseClock(s->substr(0, 5));
  const std::optional<minutes> close = ParseClock(s->substr(6));
  if (!open || !close || *open >= *close) {
    return KeyError(file, node, key, "\"" + std::string(*s) + "\": " + what);
  }
  return OfficePeriod{*open, *close};
}

StatusOr<std::vector<OfficePeriod>> ReadPeriods(const toml::node& node,
                                                const std::string& file,
                                                const std::string& key) {
  const toml::array* list = node.as_array();
  if (list == nullptr || list->empty()) {
    return KeyError(file, node, key,
                    "expected a non-empty list like [\"08:30-12:00\"]");
  }
  std::vector<OfficePeriod> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string item_key = key + "[" + std::to_string(i) + "]";
    StatusOr<OfficePeriod> p = ReadPeriod(*list->get(i), file, item_key);
    if (!p.ok()) return p.status();
    if (!out.empty() && p->open < out.back().close) {
      return KeyError(file, *list->get(i), item_key,
                      "starts before the previous period ends; list the "
                      "periods in order without overlaps");
    }
    out.push_back(*p);
  }
  return out;
}

StatusOr<HoursTable> ReadHoursTable(const toml::node& node,
                                    const std::string& file,
                                    const std::string& prefix) {
  const toml::table* t = node.as_table();
  if (t == nullptr) return KeyError(file, node, prefix, "expected a table");
  BEIAN_RETURN_IF_ERROR(internal::CheckKnownKeys(*t, file, prefix + ".",
                                                 {"timezone", "periods"}));
  HoursTable out;
  if (const toml::node* tz = t->get("timezone")) {
    const std::optional<std::string> name = tz->value<std::string>();
    const std::optional<minutes> off =
        name ? ParseTimezone(*name) : std::nullopt;
    if (!off) {
      return KeyError(file, *tz, prefix + ".timezone",
                      "only \"Asia/Shanghai\", \"UTC\" or a fixed offset such "
                      "as \"+08:00\" is supported");
    }
    out.timezone = *name;
    out.utc_offset = *off;
  }
  if (const toml::node* periods = t->get("periods")) {
    StatusOr<std::vector<OfficePeriod>> p =
        ReadPeriods(*periods, file, prefix + ".periods");
    if (!p.ok()) return p.status();
    out.periods = std::move(*p);
  }
  return out;
}

StatusOr<OfficeHours> ReadDefault(const toml::table& top,
                                  const std::string& file) {
  const toml::node* node = top.get("default");
  if (node == nullptr) {
    return KeyError(file, "default", "missing; add a [default] table");
  }
  StatusOr<HoursTable> t = ReadHoursTable(*node, file, "default");
  if (!t.ok()) return t.status();
  if (!t->timezone) return KeyError(file, *node, "default.timezone", "missing");
  if (!t->periods) return KeyError(file, *node, "default.periods", "missing");
  OfficeHours out;
  out.section = "default";
  out.timezone = *t->timezone;
  out.utc_offset = *t->utc_offset;
  out.periods = *t->periods;
  return out;
}

void Override(const HoursTable& t, OfficeHours& out) {
  if (t.timezone) out.timezone = *t.timezone;
  if (t.utc_offset) out.utc_offset = *t.utc_offset;
  if (t.periods) out.periods = *t.periods;
}

// Validates every [regions.X] table and applies `region`'s to `out`.
Status ApplyRegion(const toml::table& top, const std::string& file,
                   std::string_view region, OfficeHours& out) {
  const toml::node* node = top.get("regions");
  if (node == nullptr) return Status::Ok();
  const toml::table* regions = node->as_table();
  if (regions == nullptr) {
    return KeyError(file, *node, "regions", "expected [regions.CODE] tables");
  }
  for (const auto& [code, table] : *regions) {
    const std::string section = "regions." + std::string(code.str());
    StatusOr<HoursTable> t = ReadHoursTable(table, file, section);
    if (!t.ok()) return t.status();
    if (code.str() != region) continue;
    Override(*t, out);
    out.section = section;
  }
  return Status::Ok();
}

std::string TwoDigits(long v) {
  return std::string(1, static_cast<char>('0' + v / 10 % 10)) +
         static_cast<char>('0' + v % 10);
}

}  // namespace

minutes OfficeHours::DailyLength() const {
  minutes total(0);
  for (const OfficePeriod& p : periods) total += p.close - p.open;
  return total;
}

StatusOr<OfficeHours> ParseOfficeHours(std::string_view toml_text,
                                       const std::string& file,
                                       std::string_view region) {
  StatusOr<toml::table> top = internal::ParseTomlText(toml_text, file);
  if (!top.ok()) return top.status();
  BEIAN_RETURN_IF_ERROR(
      internal::CheckKnownKeys(*top, file, "", {"default", "regions"}));
  StatusOr<OfficeHours> hours = ReadDefault(*top, file);
  if (!hours.ok()) return hours.status();
  hours->region = std::string(region);
  BEIAN_RETURN_IF_ERROR(ApplyRegion(*top, file, region, *hours));
  return hours;
}

StatusOr<OfficeHours> LoadOfficeHours(const std::string& path,
                                      std::string_view region) {
  StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseOfficeHours(*text, path, region);
}

LocalTime ToLocal(const OfficeHours& hours, TimePoint t) {
  return LocalTime(t.time_since_epoch() + hours.utc_offset);
}

TimePoint FromLocal(const OfficeHours& hours, LocalTime t) {
  return TimePoint(t.time_since_epoch() - hours.utc_offset);
}

std::optional<LocalTime> ParseLocalDateTime(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if ((s.size() != 16 && s.size() != 19) || s[4] != '-' || s[7] != '-' ||
      (s[10] != ' ' && s[10] != 'T') || s[13] != ':' ||
      !ReadDigits(s, 0, 4, y) || !ReadDigits(s, 5, 2, mo) ||
      !ReadDigits(s, 8, 2, d) || !ReadDigits(s, 11, 2, h) ||
      !ReadDigits(s, 14, 2, mi)) {
    return std::nullopt;
  }
  if (s.size() == 19 && (s[16] != ':' || !ReadDigits(s, 17, 2, sec))) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::year(y), std::chrono::month(mo), std::chrono::day(d)};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return std::chrono::local_days(ymd) + std::chrono::hours(h) + minutes(mi) +
         std::chrono::seconds(sec);
}

std::string FormatLocalDateTime(LocalTime t) {
  const std::chrono::local_days day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{
      std::chrono::sys_days(day.time_since_epoch())};
  const std::chrono::hh_mm_ss hms{t - day};
  std::string out = FormatDate(ymd) + " " + TwoDigits(hms.hours().count()) +
                    ":" + TwoDigits(hms.minutes().count());
  if (hms.seconds().count() != 0) out += ":" + TwoDigits(hms.seconds().count());
  return out;
}

std::string FormatUtcOffset(minutes offset) {
  const long m = offset.count() < 0 ? -offset.count() : offset.count();
  // Built step by step: GCC 12 -O3 warns (-Wrestrict, falsely) on the
  // chained operator+ form.
  std::string out(1, offset.count() < 0 ? '-' : '+');
  out += TwoDigits(m / 60);
  out += ':';
  out += TwoDigits(m % 60);
  return out;
}

std::string FormatPeriods(const std::vector<OfficePeriod>& periods) {
  std::string out;
  for (const OfficePeriod& p : periods) {
    if (!out.empty()) out += ", ";
    out += TwoDigits(p.open.count() / 60) + ":" +
           TwoDigits(p.open.count() % 60) + "-" +
           TwoDigits(p.close.count() / 60) + ":" +
           TwoDigits(p.close.count() % 60);
  }
  return out;
}

}  // namespace beian
