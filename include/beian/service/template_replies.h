// ReplyFactory over the templates in templates/ (reply module).
#ifndef BEIAN_SERVICE_TEMPLATE_REPLIES_H_
#define BEIAN_SERVICE_TEMPLATE_REPLIES_H_

#include <functional>
#include <memory>
#include <string>

#include "beian/base/clock.h"
#include "beian/reply/reply_composer.h"
#include "beian/review/rules.h"
#include "beian/service/decisions.h"

namespace beian {

struct RegionIdentity {
  std::string code;
  std::string from;  // "什邡市医保事务中心 <beian510682@example.cn>"
};

class TemplateReplyFactory final : public ReplyFactory {
 public:
  // `region_for` gives the sender of a region; `rules_for` its rules.
  TemplateReplyFactory(
      const ReplyComposer& composer, const Clock& clock,
      std::function<RegionIdentity(const std::string&)> region_for,
      std::function<StatusOr<ReviewRules>(const std::string&)> rules_for);

  StatusOr<NewReply> Make(const std::string& kind, const CaseDetail& detail,
                          const std::vector<std::string>& reasons,
                          const std::string& note) override;
  bool KnowsReason(const std::string& code) const override;

 private:
  StatusOr<std::map<std::string, std::string>> Vars(const std::string& kind,
                                                    const CaseDetail& d);
  std::string NewMessageId(const std::string& kind, const CaseDetail& d,
                           const std::string& from) const;

  const ReplyComposer& composer_;
  const Clock& clock_;
  std::function<RegionIdentity(const std::string&)> region_for_;
  std::function<StatusOr<ReviewRules>(const std::string&)> rules_for_;
};

}  // namespace beian

#endif  // BEIAN_SERVICE_TEMPLATE_REPLIES_H_
