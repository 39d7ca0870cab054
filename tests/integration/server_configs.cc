#include "server_configs.h"

#include <utility>
#include <vector>

namespace beian::testing {
namespace {

using Substitutions = std::vector<std::pair<std::string, std::string>>;

// Replaces every @KEY@ in `text`.
std::string Fill(std::string text, const Substitutions& substitutions) {
  for (const auto& [key, value] : substitutions) {
    for (size_t at = text.find(key); at != std::string::npos;
         at = text.find(key, at + value.size())) {
      text.replace(at, key.size(), value);
    }
  }
  return text;
}

Substitutions CommonSubstitutions(const ServerLayout& layout) {
  return {{"@ROOT@", layout.root},
          {"@MAIL@", layout.MailRoot()},
          {"@USERS@", layout.UsersFile()},
          {"@CERT@", layout.cert_file},
          {"@KEY@", layout.key_file},
          {"@IMAP@", std::to_string(layout.imap_port)},
          {"@IMAPS@", std::to_string(layout.imaps_port)},
          {"@SMTP@", std::to_string(layout.smtp_port)},
          {"@SMTPS@", std::to_string(layout.smtps_port)},
          {"@UID@", std::to_string(layout.mail_uid)},
          {"@GID@", std::to_string(layout.mail_gid)},
          {"@RUNUSER@", layout.run_user},
          {"@RUNGROUP@", layout.run_group}};
}

// Users, passwords and Maildirs: shared by both Dovecot instances. Failed
// logins answer at once and do not slow down later logins from 127.0.0.1
// (anvil's per-IP auth penalty is off).
constexpr char kDovecotAuth[] = R"(auth_mechanisms = plain login
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN @USERS@
}
userdb {
  driver = static
  args = uid=@UID@ gid=@GID@ home=@MAIL@/%u
}
)";

constexpr char kDovecotNonRoot[] = R"(default_login_user = @RUNUSER@
default_internal_user = @RUNUSER@
default_internal_group = @RUNGROUP@
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service auth-worker {
  user = $default_internal_user
}
)";

constexpr char kDovecotImap[] = R"(base_dir = @ROOT@/dovecot/run
state_dir = @ROOT@/dovecot/state
instance_name = beian-test-imap
protocols = imap
listen = 127.0.0.1
log_path = @ROOT@/dovecot.log
ssl = yes
ssl_cert = <@CERT@
ssl_key = <@KEY@
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = @IMAP@
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = @IMAPS@
    ssl = yes
  }
}
)";

constexpr char kDovecotAuthOnly[] = R"(base_dir = @ROOT@/dovecot-auth/run
state_dir = @ROOT@/dovecot-auth/state
instance_name = beian-test-auth
protocols = none
log_path = @ROOT@/dovecot-auth.log
ssl = no
service auth {
  unix_listener auth-client {
    mode = 0666
  }
}
)";

constexpr char kPostfixMain[] = R"(compatibility_level = 3.6
queue_directory = @ROOT@/postfix/queue
data_directory = @ROOT@/postfix/data
mail_owner = postfix
setgid_group = postdrop
myhostname = localhost
mydomain = localdomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file = @ROOT@/postfix.log
maillog_file_prefixes = @ROOT@
alias_maps =
alias_database =
relayhost =
default_transport = error:outbound mail is disabled in tests
smtpd_banner = $myhostname ESMTP beian test server
smtpd_tls_cert_file = @CERT@
smtpd_tls_key_file = @KEY@
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = @ROOT@/dovecot-auth/run/auth-client
smtpd_client_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions =
  check_recipient_access regexp:@ROOT@/postfix/etc/rcpt_access,
  permit_sasl_authenticated, reject
smtpd_relay_restrictions = permit_sasl_authenticated, reject
virtual_mailbox_domains = regexp:@ROOT@/postfix/etc/domains
virtual_mailbox_base = @MAIL@
virtual_mailbox_maps = texthash:@ROOT@/postfix/etc/mailboxes
virtual_uid_maps = static:@UID@
virtual_gid_maps = static:@GID@
virtual_minimum_uid = 1
)";

constexpr char kPostfixMaster[] = R"(127.0.0.1:@SMTP@ inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
127.0.0.1:@SMTPS@ inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
pickup     unix  n - n 60 1 pickup
cleanup    unix  n - n -  0 cleanup
qmgr       unix  n - n 300 1 qmgr
tlsmgr     unix  - - n 1000? 1 tlsmgr
rewrite    unix  - - n -  - trivial-rewrite
bounce     unix  - - n -  0 bounce
defer      unix  - - n -  0 bounce
trace      unix  - - n -  0 bounce
verify     unix  - - n -  1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n -  - proxymap
proxywrite unix  - - n -  1 proxymap
smtp       unix  - - n -  - smtp
relay      unix  - - n -  - smtp
showq      unix  n - n -  - showq
error      unix  - - n -  - error
retry      unix  - - n -  - error
discard    unix  - - n -  - discard
virtual    unix  - n n -  - virtual
anvil      unix  - - n -  1 anvil
scache     unix  - - n -  1 scache
postlog    unix-dgram n - n - 1 postlogd
)";

}  // namespace

std::string DovecotImapConfig(const ServerLayout& layout) {
  std::string text = std::string(kDovecotImap) + kDovecotAuth;
  text += "protocol imap {\n";
  if (layout.rawlog) text += "  rawlog_dir = " + layout.RawlogDir() + "\n";
  if (!layout.imap_capability.empty())
    text += "  imap_capability = " + layout.imap_capability + "\n";
  text += "}\n";
  if (layout.as_root) {
    text += "mail_uid = @UID@\nmail_gid = @GID@\n";
  } else {
    text += kDovecotNonRoot;
  }
  return Fill(text, CommonSubstitutions(layout));
}

std::string DovecotAuthConfig(const ServerLayout& layout) {
  std::string text = std::string(kDovecotAuthOnly) + kDovecotAuth;
  if (!layout.as_root) text += kDovecotNonRoot;
  return Fill(text, CommonSubstitutions(layout));
}

std::string PostfixMainCf(const ServerLayout& layout) {
  return Fill(kPostfixMain, CommonSubstitutions(layout));
}

std::string PostfixMasterCf(const ServerLayout& layout) {
  return Fill(kPostfixMaster, CommonSubstitutions(layout));
}

std::string PostfixRecipientAccess() {
  return "/^tempfail/ 451 4.3.0 try again later\n"
         "/^permfail/ 550 5.1.1 no such user\n"
         // The providers' own refusals (QQ, NetEase), for the hint tests.
         "/^throttled/ 550 5.7.1 Mail sending frequency limited\n"
         "/^spamtrap/ 554 DT:SPM 163 smtp5,beian-test, please see "
         "http://mail.163.com/help/help_spam_16.htm\n";
}

}  // namespace beian::testing
