// Replies to citizens, rendered from templates/ and composed as MIME mail.
//
//   StatusOr<ReplyComposer> composer = ReplyComposer::Load("templates");
//   ReplyRequest r;
//   r.kind = "correction";
//   r.region = "510682";
//   r.from = "什邡市医保事务中心 <beian510682@example.cn>";
//   r.to = ReplyTarget(mail);                        // loop_guard.h
//   r.original_subject = mail.subject;
//   r.original_message_id = mail.message_id;
//   r.original_references = mail.references;
//   r.message_id = "reply-42@beian.example.cn";      // chosen by the outbox
//   r.date = clock.Now();
//   r.vars = {{"name", "张三"}, {"id_masked", "5106**********001X"}, ...};
//   r.reason_codes = {"missing_id_back", "scan_blurry"};
//   StatusOr<ComposedReply> reply = composer->Compose(r);
//
// Layout of the templates directory:
//   <dir>/acknowledgement.txt, correction.txt, registration.txt
//   <dir>/reasons.toml                       (reasons_catalog.h)
//   <dir>/regions/<region>/<kind>.txt        replaces the kind for a region
//   <dir>/regions/<region>/reasons.toml      replaces single reasons
//
// Variables the composer adds to `vars` (a caller's value of the same name
// wins): `agency` (the display name of `from`), and for every kind the list
// `reasons` with fields number ("1", "2", ...), code, text, send — built from
// `reason_codes` in order, duplicates dropped, each text rendered with the
// other variables (so `other` can use {{note}}) — and the value `note`.
//
// Output is deterministic: the same request gives the same bytes.
#ifndef BEIAN_REPLY_REPLY_COMPOSER_H_
#define BEIAN_REPLY_REPLY_COMPOSER_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "beian/base/clock.h"
#include "beian/base/status.h"
#include "beian/reply/reasons_catalog.h"

namespace beian {

struct ReplyRequest {
  std::string kind;    // "acknowledgement", "correction", "registration"
  std::string region;  // "510682"; "" or a region without overrides: defaults
  std::string from;    // "什邡市医保事务中心 <beian510682@example.cn>"
  std::string to;      // an address: "zhang@qq.com"
  std::string original_subject;     // decoded; "" gives a default subject
  std::string original_message_id;  // without <>; "" when it had none
  std::vector<std::string> original_references;  // without <>, oldest first
  std::string message_id;  // ours, without <>, chosen by the caller (outbox)
  TimePoint date;          // written in +0800
  std::map<std::string, std::string> vars;
  std::vector<std::string> reason_codes;
  std::string note;  // the reviewer's note; needed by the reason `other`
};

struct ComposedReply {
  std::string
      subject;  // decoded: "Re: 张三+5106**********001X+跨省异地就医备案"
  std::string bytes;  // RFC 5322 message, CRLF line ends
};

class ReplyComposer {
 public:
  // Reads every template and catalog under `templates_dir` and checks their
  // syntax, so Compose needs no file system. Errors: IoError (unreadable
  // directory or file), NotFound (a default template is missing),
  // InvalidArgument (template syntax, a catalog error, a reason code without
  // text in the default catalog, an unknown kind under regions/).
  static StatusOr<ReplyComposer> Load(const std::string& templates_dir);

  // Errors (InvalidArgument, naming the field or variable): unknown kind or
  // reason code, a variable the template uses but the request lacks, a
  // variable holding an unmasked identity number (18 or 15 digits) — pass
  // `id_masked` —, `other` without a note, an address or id that is empty
  // or would break the header (CR, LF, <, >, spaces).
  StatusOr<ComposedReply> Compose(const ReplyRequest& request) const;

  // The template text used for `kind` in `region`; nullptr when unknown.
  const std::string* Template(const std::string& kind,
                              const std::string& region) const;

  // The reasons catalog of `region` ("" = the default one).
  const ReasonsCatalog& Reasons(const std::string& region) const;

 private:
  using Templates = std::map<std::string, std::string>;  // kind -> text

  Status LoadRegions(const std::filesystem::path& regions_dir);

  Templates defaults_;
  std::map<std::string, Templates> regions_;
  ReasonsCatalog reasons_;
  std::map<std::string, ReasonsCatalog> region_reasons_;
};

// The kinds of reply, in a fixed order.
const std::vector<std::string>& ReplyKinds();

}  // namespace beian

#endif  // BEIAN_REPLY_REPLY_COMPOSER_H_
