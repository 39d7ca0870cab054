#include "beian/reply/loop_guard.h"

#include <array>
#include <optional>
#include <string_view>

#include "beian/base/text.h"

namespace beian {
namespace {

using Verdict = std::optional<AutoReplyVerdict>;  // nullopt: no objection

AutoReplyVerdict Refuse(std::string reason) {
  return {false, std::move(reason)};
}

// "Auto-Submitted: auto-replied; owner-email=..." -> "auto-replied".
std::string HeaderToken(std::string_view value) {
  const size_t semi = value.find(';');
  return AsciiLower(TrimSpace(value.substr(0, semi)));
}

// The local part of "MAILER-DAEMON@host", lower-case; a bare word is itself.
std::string LocalPart(std::string_view address) {
  address = TrimSpace(address);
  if (address.starts_with("<")) address.remove_prefix(1);
  if (address.ends_with(">")) address.remove_suffix(1);
  return AsciiLower(address.substr(0, address.rfind('@')));
}

Verdict CheckReturnPath(const ParsedMail& mail) {
  for (const auto& [name, value] : mail.headers) {
    if (!EqualsIgnoreCase(name, "Return-Path")) continue;
    std::string compact;
    for (char c : value) {
      if (c != ' ' && c != '\t') compact.push_back(c);
    }
    if (compact == "<>" || compact.empty()) {
      return Refuse("null return path (Return-Path: <>): a bounce or report");
    }
    const std::string local = LocalPart(compact);
    if (local == "mailer-daemon" || local == "postmaster") {
      return Refuse("Return-Path is " + local);
    }
  }
  return std::nullopt;
}

Verdict CheckContentType(const ParsedMail& mail) {
  const std::string type = HeaderToken(mail.Header("Content-Type"));
  if (type == "multipart/report" || type == "message/delivery-status") {
    return Refuse("Content-Type " + type + ": a delivery or read report");
  }
  return std::nullopt;
}

Verdict CheckSenders(const ParsedMail& mail) {
  const std::string from = LocalPart(mail.from.address);
  if (from == "mailer-daemon" || from == "postmaster") {
    return Refuse("From is " + from + ": a mail system, not a person");
  }
  static constexpr std::array<std::string_view, 4> kNoReply = {
      "noreply", "no-reply", "no_reply", "do-not-reply"};
  const std::string target = LocalPart(ReplyTarget(mail));
  for (std::string_view n : kNoReply) {
    if (target == n)
      return Refuse("reply address " + target + " takes no replies");
  }
  if (TrimSpace(ReplyTarget(mail)).empty()) {
    return Refuse("no From or Reply-To address to answer to");
  }
  return std::nullopt;
}

Verdict CheckHeaderField(const std::string& name, const std::string& value) {
  static constexpr std::array<std::string_view, 6> kMarkers = {
      "X-Autoreply", "X-Autorespond",    "X-Auto-Reply",
      "List-Id",     "List-Unsubscribe", "List-Post"};
  for (std::string_view marker : kMarkers) {
    if (EqualsIgnoreCase(name, marker)) return Refuse(name + " is present");
  }
  const std::string token = HeaderToken(value);
  if (EqualsIgnoreCase(name, "Auto-Submitted") && token != "no") {
    return Refuse("Auto-Submitted: " + token);
  }
  if (EqualsIgnoreCase(name, "Precedence") &&
      (token == "bulk" || token == "list" || token == "junk" ||
       token == "auto_reply")) {
    return Refuse("Precedence: " + token);
  }
  return std::nullopt;
}

Verdict CheckHeaderFields(const ParsedMail& mail) {
  for (const auto& [name, value] : mail.headers) {
    if (Verdict v = CheckHeaderField(name, value)) return v;
  }
  return std::nullopt;
}

Verdict CheckSubject(const ParsedMail& mail) {
  static constexpr std::array<std::string_view, 8> kPrefixes = {
      "自动回复",
      "Auto Reply",
      "Auto-Reply",
      "Automatic reply",
      "Out of Office",
      "Undeliverable",
      "Delivery Status Notification",
      "退信"};
  const std::string_view subject = TrimSpace(mail.subject);
  for (std::string_view p : kPrefixes) {
    if (StartsWithIgnoreCase(subject, p)) {
      return Refuse("subject starts with \"" + std::string(p) + "\"");
    }
  }
  return std::nullopt;
}

}  // namespace

AutoReplyVerdict CheckAutoReply(const ParsedMail& mail) {
  for (Verdict (*check)(const ParsedMail&) :
       {CheckReturnPath, CheckContentType, CheckSenders, CheckHeaderFields,
        CheckSubject}) {
    if (Verdict v = check(mail)) return *v;
  }
  return {};
}

std::string ReplyTarget(const ParsedMail& mail) {
  if (mail.reply_to && !TrimSpace(*mail.reply_to).empty()) {
    return std::string(TrimSpace(*mail.reply_to));
  }
  return std::string(TrimSpace(mail.from.address));
}

}  // namespace beian
