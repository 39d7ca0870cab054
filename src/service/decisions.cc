#include "beian/service/decisions.h"

#include "beian/review/registration_number.h"
#include "beian/service/ocr_draft.h"

namespace beian {
namespace {

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) out += (out.empty() ? "" : ", ") + c;
  return out;
}

ReplyBuilder Builder(ReplyFactory& f, const std::string& kind,
                     std::vector<std::string> reasons, std::string note) {
  return [&f, kind, reasons = std::move(reasons),
          note = std::move(note)](const CaseDetail& after) {
    return f.Make(kind, after, reasons, note);
  };
}

// `build`, with the daily cap the store checks where it queues the reply
// (exact when several processes answer one address at once).
ReplyBuilder Capped(ReplyBuilder build, ReplyCap cap) {
  return [build = std::move(build), cap](const CaseDetail& after) {
    StatusOr<NewReply> r = build(after);
    if (r.ok()) r->cap = cap;
    return r;
  };
}

}  // namespace

Decisions::Decisions(
    ReviewStore& review, CaseStore& cases, ReplyFactory& replies,
    std::function<StatusOr<ReviewRules>(const std::string&)> rules_for,
    const Clock& clock, Logger& log)
    : review_(review),
      cases_(cases),
      replies_(replies),
      rules_for_(std::move(rules_for)),
      clock_(clock),
      log_(log) {}

StatusOr<Evaluation> Decisions::Evaluate(const std::string& id) {
  StatusOr<CaseDetail> d = cases_.GetCase(id);
  if (!d.ok()) return d.status();
  StatusOr<ReviewRules> rules = rules_for_(d->record.region);
  if (!rules.ok()) return rules.status();
  return EvaluateDraft(MakeDraftView(*d, PageKinds(*d)), *rules);
}

StatusOr<CaseDetail> Decisions::Confirm(const std::string& id,
                                        const ConfirmOptions& o) {
  StatusOr<CaseDetail> d = cases_.GetCase(id);
  if (!d.ok()) return d.status();
  StatusOr<ReviewRules> rules = rules_for_(d->record.region);
  if (!rules.ok()) return rules.status();
  const Evaluation e = EvaluateDraft(MakeDraftView(*d, PageKinds(*d)), *rules);
  if (!e.blocking_codes.empty() && !o.force) {
    return FailedPrecondition(
        "案件 " + d->record.number + " 有阻止确认的问题: " +
        JoinCodes(e.blocking_codes) +
        "。请先补正（beian correct）或修改字段（beian cases edit），"
        "确需确认请加 --force --note \"原因\"");
  }
  if (o.force && o.note.empty()) {
    return InvalidArgument("--force 需要 --note \"原因\"，写入审计日志");
  }
  ConfirmRequest r;
  r.decision = {o.actor, clock_.Now(), o.note};
  r.number = o.number;
  r.forced = o.force && !e.blocking_codes.empty();
  const std::string pattern = rules->registration_pattern;
  r.format = [pattern](const std::string& region, std::chrono::year_month_day day,
                       int64_t seq) {
    return FormatRegistrationNumber(pattern, region, day, seq);
  };
  return review_.Confirm(id, r, Builder(replies_, "registration", {}, ""));
}

StatusOr<CaseDetail> Decisions::Correct(const std::string& id,
                                        const CorrectOptions& o) {
  if (o.reasons.empty()) {
    return InvalidArgument("至少给出一个 --reason（例如 missing_id_back）");
  }
  for (const std::string& code : o.reasons) {
    if (!replies_.KnowsReason(code)) {
      return InvalidArgument("未知的补正原因 '" + code +
                             "'；可用的原因见 templates/reasons.toml");
    }
  }
  CorrectionRequest r;
  r.decision = {o.actor, clock_.Now(), o.note};
  r.reasons = o.reasons;
  return review_.RequestCorrection(id, r,
                                   Builder(replies_, "correction", o.reasons, o.note));
}

StatusOr<SweepStats> Decisions::Sweep() {
  SweepStats stats;
  StatusOr<std::vector<CaseRecord>> open = cases_.ListCases({CaseStatus::kNeedsReview, "", {}});
  if (!open.ok()) return open.status();
  for (const CaseRecord& c : *open) BEIAN_RETURN_IF_ERROR(SweepCase(c, stats));
  return stats;
}

StatusOr<bool> Decisions::Allowed(const CaseDetail& d, const ReviewRules& rules) {
  if (check_) {
    StatusOr<std::string> why = check_(d);
    if (!why.ok()) return why.status();
    if (!why->empty()) {
      log_.Info("auto_reply_held", "case " + d.record.number + ": " + *why);
      return false;
    }
  }
  StatusOr<int> recent = review_.RepliesTo(d.record.citizen_address,
                                           clock_.Now() - std::chrono::hours(24));
  if (!recent.ok()) return recent.status();
  if (*recent >= rules.max_replies_per_address_per_day) {
    log_.Warn("auto_reply_held", "case " + d.record.number + ": daily cap of " +
                                     std::to_string(rules.max_replies_per_address_per_day) +
                                     " replies reached for " + d.record.citizen_address);
    return false;
  }
  return true;
}

Status Decisions::Held(const CaseRecord& c, const Status& why,
                       SweepStats& stats) {
  log_.Warn("auto_reply_held", "case " + c.number + ": " + why.message());
  ++stats.held;
  return Status::Ok();
}

Status Decisions::SweepCase(const CaseRecord& c, SweepStats& stats) {
  StatusOr<ReviewRules> rules = rules_for_(c.region);
  if (!rules.ok()) return rules.status();
  if (!c.due_at && due_) {
    StatusOr<TimePoint> due = due_(c.region, c.updated_at);
    if (!due.ok()) return due.status();
    BEIAN_RETURN_IF_ERROR(review_.SetDueAt(c.id, *due));
    ++stats.due_set;
  }
  StatusOr<CaseDetail> d = cases_.GetCase(std::to_string(c.id));
  if (!d.ok()) return d.status();
  const Evaluation e = EvaluateDraft(MakeDraftView(*d, PageKinds(*d)), *rules);
  const bool auto_correct = e.auto_correct;
  const std::string ack_key = std::to_string(c.id) + ":acknowledgement";
  bool need_ack = rules->auto_acknowledge && !auto_correct;
  if (need_ack) {
    StatusOr<bool> has = review_.HasReply(ack_key);
    if (!has.ok()) return has.status();
    need_ack = !*has;
  }
  if (!auto_correct && !need_ack) return Status::Ok();
  if (c.citizen_address.empty()) return Status::Ok();
  StatusOr<bool> allowed = Allowed(*d, *rules);
  if (!allowed.ok()) return allowed.status();
  if (!*allowed) {
    ++stats.held;
    return Status::Ok();
  }
  // Allowed() read the count; the store holds the cap exactly (another
  // process may have answered the address since).
  const ReplyCap cap{rules->max_replies_per_address_per_day,
                     clock_.Now() - std::chrono::hours(24)};
  if (auto_correct) {
    CorrectionRequest r{{"beian", clock_.Now(), "automatic"}, e.blocking_codes, true};
    StatusOr<CaseDetail> after = review_.RequestCorrection(
        std::to_string(c.id), r,
        Capped(Builder(replies_, "correction", e.blocking_codes, ""), cap));
    if (after.status().code() == StatusCode::kResourceExhausted) {
      return Held(c, after.status(), stats);
    }
    if (!after.ok()) return after.status();
    ++stats.auto_corrected;
    return Status::Ok();
  }
  StatusOr<NewReply> ack = replies_.Make("acknowledgement", *d, {}, "");
  if (!ack.ok()) return ack.status();
  ack->cap = cap;
  StatusOr<bool> queued = review_.EnqueueReply(c.id, ack_key, *ack, clock_.Now());
  if (queued.status().code() == StatusCode::kResourceExhausted) {
    return Held(c, queued.status(), stats);
  }
  if (!queued.ok()) return queued.status();
  if (*queued) ++stats.acknowledged;
  return Status::Ok();
}

}  // namespace beian
