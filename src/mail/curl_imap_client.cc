// ImapClient over one connection that libcurl opens, secures and logs in;
// the commands are beian's own (imap_session.h), so a fetch is BODY.PEEK[]
// and several mails come with one command.
#include <cstdint>
#include <optional>
#include <set>

#include "beian/mail/imap_source.h"
#include "imap_session.h"

namespace beian {
namespace {

class CurlImapClient final : public ImapClient {
 public:
  explicit CurlImapClient(const ImapAccount& a) : session_(a) {}

  StatusOr<MailboxStatus> Status(const std::string& folder) override {
    StatusOr<std::string> name = QuoteMailboxName(folder);
    if (!name.ok()) return name.status();
    std::string lines;
    beian::Status s = session_.Run(
        "STATUS " + *name + " (MESSAGES UIDNEXT UIDVALIDITY)",
        "IMAP STATUS " + folder, internal::ImapSession::CollectInto(lines));
    if (!s.ok()) return s;
    std::optional<MailboxStatus> st = ParseMailboxStatus(lines);
    // Coremail answers STATUS with "()": its SELECT says what is needed
    // (and without UIDNEXT the source lists one open range).
    if (!st) return session_.SelectFresh(folder);
    return *st;
  }

  StatusOr<std::vector<uint32_t>> ListUids(const std::string& folder,
                                           uint32_t first,
                                           uint32_t last) override {
    StatusOr<uint32_t> selected = session_.Select(folder);
    if (!selected.ok()) return selected.status();
    const std::string range = std::to_string(first) + ":" +
                              (last == UINT32_MAX ? "*" : std::to_string(last));
    std::string lines;
    beian::Status s =
        session_.Run("UID SEARCH UID " + range, "IMAP UID SEARCH in " + folder,
                     internal::ImapSession::CollectInto(lines));
    if (!s.ok()) return s;
    return ParseSearchResponse(lines);
  }

  StatusOr<std::string> Fetch(const std::string& folder, uint32_t uidvalidity,
                              uint32_t uid) override {
    std::optional<std::string> got;
    beian::Status s =
        FetchEach(folder, uidvalidity, {uid},
                  [&](uint32_t, std::string bytes) { got = std::move(bytes); });
    if (!s.ok()) return s;
    if (!got) return NotInFolder(folder, uid);
    return std::move(*got);
  }

  beian::Status FetchEach(const std::string& folder, uint32_t uidvalidity,
                          const std::vector<uint32_t>& uids,
                          const OnFetched& on_mail) override {
    if (uids.empty()) return beian::Status::Ok();
    StatusOr<uint32_t> now = session_.Select(folder);
    if (!now.ok()) return now.status();
    if (*now != uidvalidity) {
      return IoError("UIDVALIDITY of " + folder + " changed from " +
                     std::to_string(uidvalidity) + " to " +
                     std::to_string(*now) + "; the next poll lists it again");
    }
    const std::string set = UidSetOf(uids);
    return session_.Run(
        "UID FETCH " + set + " (UID BODY.PEEK[])",
        "IMAP fetch of UID " + set + " in " + folder, [&](ImapResponse&& r) {
          std::optional<FetchedMessage> m = ParseFetchedMessage(std::move(r));
          if (m) on_mail(m->uid, std::move(m->body));
          return beian::Status::Ok();
        });
  }

  // UID MOVE (RFC 6851); on a server without it, UID COPY, \Deleted and
  // UID EXPUNGE of exactly these UIDs (UIDPLUS, RFC 4315). A server with
  // neither is refused: a plain EXPUNGE would also remove mails somebody
  // else marked \Deleted.
  beian::Status Move(const std::string& folder,
                     const std::vector<uint32_t>& uids,
                     const std::string& to) override {
    StatusOr<std::string> target = QuoteMailboxName(to);
    if (!target.ok()) return target.status();
    StatusOr<const std::set<std::string>*> caps = Capabilities();
    if (!caps.ok()) return caps.status();
    const bool move = (*caps)->contains("move");
    if (!move && !(*caps)->contains("uidplus")) {
      return FailedPrecondition(
          "the IMAP server at " + session_.base() +
          " offers neither MOVE nor UIDPLUS, so beian cannot move mails to " +
          to +
          " without removing others; set after_fetch = \"flag\" for "
          "this region");
    }
    StatusOr<uint32_t> selected = session_.Select(folder);
    if (!selected.ok()) return selected.status();
    const std::string set = UidSetOf(uids);
    const std::string what = "IMAP move of UIDs " + set + " to " + to;
    if (move) return session_.Run("UID MOVE " + set + " " + *target, what);
    // Stopped between the steps, the mails stay in `folder` too: the next
    // poll finds them known and moves them again (a second copy, no case).
    BEIAN_RETURN_IF_ERROR(
        session_.Run("UID COPY " + set + " " + *target, what + " (COPY)"));
    BEIAN_RETURN_IF_ERROR(
        session_.Run("UID STORE " + set + " +FLAGS.SILENT (\\Deleted)",
                     what + " (STORE \\Deleted)"));
    return session_.Run("UID EXPUNGE " + set, what + " (UID EXPUNGE)");
  }

  beian::Status Flag(const std::string& folder,
                     const std::vector<uint32_t>& uids) override {
    StatusOr<uint32_t> selected = session_.Select(folder);
    if (!selected.ok()) return selected.status();
    const std::string set = UidSetOf(uids);
    return session_.Run("UID STORE " + set + " +FLAGS.SILENT (\\Seen $Beian)",
                        "IMAP flag of UIDs " + set);
  }

  beian::Status CreateFolder(const std::string& folder) override {
    StatusOr<std::string> name = QuoteMailboxName(folder);
    if (!name.ok()) return name.status();
    return session_.Run("CREATE " + *name, "IMAP CREATE " + folder);
  }

  std::string IdRefused() const override { return session_.id_refused(); }

 private:
  // What the server offers after login on this connection.
  StatusOr<const std::set<std::string>*> Capabilities() {
    BEIAN_RETURN_IF_ERROR(session_.EnsureConnected());
    return &session_.capabilities();
  }

  static beian::Status NotInFolder(const std::string& folder, uint32_t uid) {
    return NotFound("UID " + std::to_string(uid) + " is no longer in " +
                    folder + " (removed by another mail client)");
  }

  internal::ImapSession session_;
};

}  // namespace

std::unique_ptr<ImapClient> NewCurlImapClient(const ImapAccount& account) {
  return std::make_unique<CurlImapClient>(account);
}

}  // namespace beian
