#include "mail_writer.h"

#include <array>
#include <chrono>

#include "beian/base/base64.h"
#include "beian/base/china_time.h"
#include "beian/base/text.h"

namespace beian::internal {
namespace {

constexpr size_t kMaxLine = 76;
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";

// Length of the UTF-8 sequence starting with `lead`; 1 for a stray byte.
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

// Bytes of the longest prefix of `text` made of whole characters whose
// base64 fits in an encoded word of at most `max_word` characters; at least
// one character.
size_t FittingPrefix(std::string_view text, size_t max_word) {
  const size_t overhead = kWordStart.size() + kWordEnd.size();
  const size_t max_bytes =
      max_word > overhead ? (max_word - overhead) / 4 * 3 : 0;
  size_t end = 0;
  while (end < text.size()) {
    const size_t len = std::min(SequenceLength(text[end]), text.size() - end);
    if (end + len > max_bytes && end > 0) break;
    end += len;
  }
  return end;
}

std::string TwoDigits(unsigned v) {
  return std::string{static_cast<char>('0' + v / 10 % 10),
                     static_cast<char>('0' + v % 10)};
}

}  // namespace

std::string EncodeHeaderWords(std::string_view text, size_t first_line_used) {
  std::string out;
  size_t used = first_line_used;
  while (!text.empty()) {
    const size_t room = kMaxLine > used ? kMaxLine - used : 0;
    const size_t take = FittingPrefix(text, room);
    out.append(kWordStart);
    out.append(EncodeBase64(text.substr(0, take)));
    out.append(kWordEnd);
    text.remove_prefix(take);
    if (!text.empty()) out.append("\r\n ");
    used = 1;
  }
  return out;
}

std::string FormatMailDate(TimePoint t) {
  static constexpr std::array<const char*, 7> kDays = {
      "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun",
      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const TimePoint local = ToChinaWallClock(t);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(local - day);
  const std::chrono::weekday wd(day);
  return std::string(kDays[wd.c_encoding()]) + ", " +
         std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " +
         std::to_string(static_cast<int>(ymd.year())) + " " +
         TwoDigits(hms.hours().count()) + ":" +
         TwoDigits(hms.minutes().count()) + ":" +
         TwoDigits(static_cast<unsigned>(hms.seconds().count())) + " +0800";
}

std::string ToCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out.append("\r\n");
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out.append("\r\n");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string_view StripReplyPrefixes(std::string_view subject) {
  static constexpr std::array<std::string_view, 6> kMarkers = {
      "re", "aw", "回复", "答复", "回覆", "答覆"};
  subject = TrimSpace(subject);
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view marker : kMarkers) {
      if (!StartsWithIgnoreCase(subject, marker)) continue;
      std::string_view rest = TrimSpace(subject.substr(marker.size()));
      if (rest.starts_with(":")) {
        rest.remove_prefix(1);
      } else if (rest.starts_with("：")) {
        rest.remove_prefix(std::string_view("：").size());
      } else {
        continue;
      }
      subject = TrimSpace(rest);
      stripped = true;
    }
  }
  return subject;
}

}  // namespace beian::internal
