// Reviewer decisions and automatic replies, with the rules of the region.
//
//   Decisions d(store, store, replies, rules_for, clock, log);
//   d.Confirm("510682-20261124-0001", {.actor = "li", .force = false});
//   d.Sweep();   // acknowledgements, due times, automatic corrections
#ifndef BEIAN_SERVICE_DECISIONS_H_
#define BEIAN_SERVICE_DECISIONS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "beian/base/clock.h"
#include "beian/base/log.h"
#include "beian/review/evaluate.h"
#include "beian/review/rules.h"
#include "beian/store/review_store.h"
#include "beian/store/store.h"

namespace beian {

// Builds the reply mail of one kind for a case. Implemented over templates
// by TemplateReplyFactory; tests use fakes.
class ReplyFactory {
 public:
  virtual ~ReplyFactory() = default;
  virtual StatusOr<NewReply> Make(const std::string& kind,
                                  const CaseDetail& detail,
                                  const std::vector<std::string>& reasons,
                                  const std::string& note) = 0;
  // Whether the reasons catalog has a sentence for `code`.
  virtual bool KnowsReason(const std::string& code) const = 0;
};

// Whether a case's latest mail may be answered automatically (loop guard),
// and why not. Implemented over the raw mail by the pipeline's owner.
using AutoReplyCheck =
    std::function<StatusOr<std::string>(const CaseDetail& detail)>;  // "" = ok

// The due time of a case opened at `t`, with warnings (missing calendar).
using DueTimeFn = std::function<StatusOr<TimePoint>(const std::string& region,
                                                     TimePoint t)>;

struct ConfirmOptions {
  std::string actor;
  std::string number;  // from the national platform; "" = issue one
  bool force = false;
  std::string note;
};

struct CorrectOptions {
  std::string actor;
  std::vector<std::string> reasons;
  std::string note;
};

struct SweepStats {
  int acknowledged = 0;
  int auto_corrected = 0;
  int due_set = 0;
  int held = 0;  // loop guard or daily cap said no
};

class Decisions {
 public:
  Decisions(ReviewStore& review, CaseStore& cases, ReplyFactory& replies,
            std::function<StatusOr<ReviewRules>(const std::string&)> rules_for,
            const Clock& clock, Logger& log);

  void set_auto_reply_check(AutoReplyCheck check) { check_ = std::move(check); }
  void set_due_time(DueTimeFn due) { due_ = std::move(due); }

  // FailedPrecondition when blocking problems exist and !force, or force
  // without a note; the message lists the problems.
  StatusOr<CaseDetail> Confirm(const std::string& id, const ConfirmOptions& o);
  // InvalidArgument for an unknown reason code.
  StatusOr<CaseDetail> Correct(const std::string& id, const CorrectOptions& o);
  StatusOr<Evaluation> Evaluate(const std::string& id);

  // For every open case: set its due time, send the acknowledgement once,
  // or a correction request at once when the problems are certain.
  StatusOr<SweepStats> Sweep();

 private:
  Status SweepCase(const CaseRecord& c, SweepStats& stats);
  // Counts and logs an automatic reply the store held at the daily cap.
  Status Held(const CaseRecord& c, const Status& why, SweepStats& stats);
  StatusOr<bool> Allowed(const CaseDetail& d, const ReviewRules& rules);

  ReviewStore& review_;
  CaseStore& cases_;
  ReplyFactory& replies_;
  std::function<StatusOr<ReviewRules>(const std::string&)> rules_for_;
  const Clock& clock_;
  Logger& log_;
  AutoReplyCheck check_;
  DueTimeFn due_;
};

}  // namespace beian

#endif  // BEIAN_SERVICE_DECISIONS_H_
