// Whether a mail may be answered at all (DESIGN.md §3): replying to a bounce,
// an auto-reply or a mailing list starts mail loops or leaks personal data.
//
//   AutoReplyVerdict v = CheckAutoReply(mail);
//   if (!v.allowed) { log.Info("reply_suppressed", v.reason); return; }
//   request.to = ReplyTarget(mail);
//
// Refused: a null return path (Return-Path: <>); a top-level multipart/report
// or message/delivery-status; a From (or Return-Path) of MAILER-DAEMON or
// postmaster; a target of noreply / no-reply / do-not-reply; Auto-Submitted
// other than "no"; Precedence bulk, list, junk or auto_reply; X-Autoreply,
// X-Autorespond, X-Auto-Reply (any value); List-Id, List-Unsubscribe or
// List-Post (a citizen's application never comes through a list, and an
// answer to a list would go to all its members); a subject that starts like
// an auto-reply or a bounce ("自动回复", "Out of Office", "Undeliverable",
// "Delivery Status Notification", "退信"); no address to answer to.
// A missing Return-Path is allowed (mail read from a Maildir often has none).
//
// The per-address daily cap needs the outbox's counts and lives there.
#ifndef BEIAN_REPLY_LOOP_GUARD_H_
#define BEIAN_REPLY_LOOP_GUARD_H_

#include <string>

#include "beian/mime/parsed_mail.h"

namespace beian {

struct AutoReplyVerdict {
  bool allowed = true;
  std::string reason;  // why not, in English, naming the header; "" if allowed
};

AutoReplyVerdict CheckAutoReply(const ParsedMail& mail);

// Where a reply goes: the Reply-To address when present, else From's.
// "" when the mail has neither.
std::string ReplyTarget(const ParsedMail& mail);

}  // namespace beian

#endif  // BEIAN_REPLY_LOOP_GUARD_H_
