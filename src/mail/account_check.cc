#include "beian/mail/account_check.h"

#include <algorithm>

#include "curl_handle.h"
#include "imap_session.h"

namespace beian {
namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

CheckStep IdStep(const internal::ImapSession& session) {
  if (!session.capabilities().contains("id"))
    return {"IMAP ID", true, "服务器未提供 ID 命令，无需发送"};
  if (session.id_refused().empty())
    return {"IMAP ID", true, "已发送 ID（网易、Coremail 要求登录后先发送）"};
  return {"IMAP ID", true,
          "服务器拒绝了 ID（已忽略，可继续）：" + session.id_refused()};
}

CheckStep ProcessedFolderStep(internal::ImapSession& session,
                              const ImapAccount& a,
                              const std::vector<std::string>& folders) {
  const std::string name = "已处理文件夹 " + a.processed_folder;
  if (a.after_fetch != "move")
    return {name, true, "after_fetch = \"flag\"：邮件只加标记，不移动"};
  if (std::find(folders.begin(), folders.end(), a.processed_folder) !=
      folders.end()) {
    return {name, true, "已存在"};
  }
  StatusOr<std::string> quoted = QuoteMailboxName(a.processed_folder);
  if (!quoted.ok()) return {name, false, quoted.status().message()};
  Status created = session.Run("CREATE " + *quoted, "IMAP CREATE");
  if (created.ok()) return {name, true, "原来没有，已创建"};
  return {
      name, false,
      "不存在，服务器也不允许创建（" + created.message() +
          "）：请先在网页邮箱中新建该文件夹（QQ邮箱的自建文件夹在 IMAP "
          "中显示为 其他文件夹/名称），或把 processed_folder 改为已有的文件夹"};
}

}  // namespace

std::vector<CheckStep> CheckImapAccount(const ImapAccount& a) {
  std::vector<CheckStep> steps;
  internal::ImapSession session(a);
  if (Status s = session.EnsureConnected(); !s.ok()) {
    steps.push_back({"IMAP 登录", false, s.message()});
    return steps;
  }
  steps.push_back({"IMAP 登录", true, session.base() + "，用户 " + a.user});
  steps.push_back({"服务器问候", true, session.greeting()});
  std::vector<std::string> caps(session.capabilities().begin(),
                                session.capabilities().end());
  steps.push_back({"服务器能力", true, Joined(caps)});
  steps.push_back(IdStep(session));
  std::string lines;
  Status listed = session.Run("LIST \"\" \"*\"", "IMAP LIST",
                              internal::ImapSession::CollectInto(lines));
  const std::vector<std::string> folders = ParseListResponse(lines);
  steps.push_back({"文件夹", listed.ok(),
                   listed.ok() ? Joined(folders) : listed.message()});
  steps.push_back(ProcessedFolderStep(session, a, folders));
  const std::string folder = ParseImapUrl(a.url).value_or(ImapUrl{}).folder;
  StatusOr<MailboxStatus> inbox = session.SelectFresh(folder);
  steps.push_back(
      {"收取的文件夹 " + folder, inbox.ok(),
       inbox.ok() ? "可以打开，共 " + std::to_string(inbox->exists) + " 封邮件"
                  : inbox.status().message()});
  return steps;
}

CheckStep CheckSmtpLogin(const SmtpAccount& a) {
  internal::CurlHandle curl = internal::NewCurl();
  CURL* c = curl.get();
  char errbuf[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_URL, a.url.c_str());
  curl_easy_setopt(c, CURLOPT_USERNAME, a.user.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, a.password.c_str());
  internal::SetTlsAndTimeouts(c, a.ca_file,
                              static_cast<long>(a.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);  // EHLO, TLS, AUTH; no mail
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  internal::ServerWords words;
  internal::RecordServerWords(c, &words);
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK)
    return {"SMTP 登录", true,
            a.url + "，用户 " + a.user + "：登录成功，未发送邮件"};
  return {"SMTP 登录", false,
          internal::WithServerWords(
              internal::CurlError(rc, "SMTP login to " + a.url, errbuf), words)
              .message()};
}

}  // namespace beian
