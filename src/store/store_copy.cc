#include "beian/store/store_copy.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace beian {
namespace {

constexpr ColumnType kInt = ColumnType::kInteger;
constexpr ColumnType kText = ColumnType::kText;
constexpr ColumnType kTime = ColumnType::kTime;

std::vector<StoreTable> AllTables() {
  const StoreColumn raw_path{"raw_path", kText, true};
  const StoreColumn blob_path{"path", kText, true};
  const StoreColumn duplicate_of{"duplicate_of", kInt, false, true};
  return {
      {"cases",
       {{"id", kInt},
        {"number", kText},
        {"region", kText},
        {"status", kText},
        {"applicant_name", kText},
        {"id_number", kText},
        {"citizen_address", kText},
        {"opened_at", kTime},
        {"updated_at", kTime},
        {"registration_number", kText},
        {"due_at", kTime},
        {"decided_at", kTime},
        {"purged_at", kTime},
        {"decision_seq", kInt}},
       "id",
       true},
      {"case_counters",
       {{"region", kText}, {"day", kText}, {"last", kInt}},
       "region, day"},
      {"registration_counters",
       {{"region", kText}, {"day", kText}, {"last", kInt}},
       "region, day"},
      {"mails",
       {{"id", kInt},
        {"region", kText},
        {"source", kText},
        {"source_key", kText},
        {"sha256", kText},
        {"size", kInt},
        raw_path,
        {"received_at", kTime},
        {"state", kText},
        {"message_id", kText},
        {"subject", kText},
        {"from_address", kText},
        {"from_name", kText},
        {"reply_to", kText},
        {"in_reply_to", kText},
        {"refs", kText},
        {"mail_date", kText},
        {"case_id", kInt},
        duplicate_of,
        // A read's claim, copied as it is: one left by a process killed
        // before the copy runs out by itself ([service] read_lease).
        {"read_by", kText},
        {"read_until", kTime}},
       "id",
       true},
      {"attachments",
       {{"id", kInt},
        {"mail_id", kInt},
        {"case_id", kInt},
        {"position", kInt},
        {"filename", kText},
        {"content_type", kText},
        {"size", kInt},
        {"sha256", kText},
        blob_path,
        {"in_forwarded", ColumnType::kBoolean},
        {"content_id", kText}},
       "id",
       true},
      {"page_readings",
       {{"attachment_id", kInt},
        {"page_index", kInt},
        {"kind", kText},
        {"reading", kText}},
       "attachment_id, page_index"},
      {"draft_fields",
       {{"case_id", kInt},
        {"name", kText},
        {"source", kText},
        {"value", kText},
        {"confidence", ColumnType::kReal},
        {"mail_id", kInt},
        {"updated_at", kTime}},
       "case_id, name, source"},
      {"problems",
       {{"id", kInt},
        {"case_id", kInt},
        {"mail_id", kInt},
        {"code", kText},
        {"severity", kText},
        {"detail", kText},
        {"created_at", kTime},
        {"resolved_at", kTime}},
       "id",
       true},
      {"thread_ids",
       {{"region", kText}, {"message_id", kText}, {"case_id", kInt}},
       "region, message_id"},
      {"quarantine",
       {{"id", kInt},
        {"mail_id", kInt},
        {"reason", kText},
        {"created_at", kTime},
        {"retries", kInt},
        {"released_at", kTime}},
       "id",
       true},
      {"audit_log",
       {{"id", kInt},
        {"at", kTime},
        {"actor", kText},
        {"case_id", kInt},
        {"action", kText},
        {"detail", kText},
        {"field", kText},
        {"old_value", kText},
        {"new_value", kText}},
       "id",
       true},
      {"outbox",
       {{"id", kInt},
        {"case_id", kInt},
        {"kind", kText},
        {"decision_key", kText},
        {"to_address", kText},
        {"message_id", kText},
        {"subject", kText},
        {"bytes", ColumnType::kBytes},
        {"state", kText},
        {"attempts", kInt},
        {"next_attempt_at", kTime},
        {"last_error", kText},
        {"created_at", kTime},
        {"sent_at", kTime},
        {"handed_over_at", kTime}},
       "id",
       true},
      {"accounts",
       {{"region", kText},
        {"source", kText},
        {"last_success_at", kTime},
        {"last_error", kText},
        {"last_error_at", kTime},
        {"failures", kInt},
        {"next_poll_at", kTime},
        {"backlog", kInt}},
       "region, source"},
      {"intake_crashes",
       {{"region", kText},
        {"sha256", kText},
        {"crashes", kInt},
        {"last_attempt", kText},
        {"last_source_key", kText},
        {"last_crash_at", kTime}},
       "region, sha256"},
      // Leases run out by themselves: copied as they are, a stale one
      // holds its mailbox at most Poller::kLeaseTime.
      {"leases",
       {{"name", kText},
        {"holder", kText},
        {"token", kText},
        {"expires_at", kTime}},
       "name"},
      // Registered processes, copied as they are: beian is stopped for the
      // copy, so a row left behind is one killed before it could leave,
      // and `beian status` shows it stale on the other side too.
      {"processes",
       {{"host", kText},
        {"pid", kInt},
        {"roles", kText},
        {"started_at", kTime},
        {"heartbeat_at", kTime}},
       "host, pid"},
  };
}

}  // namespace

const std::vector<StoreTable>& StoreTables() {
  static const std::vector<StoreTable> kTables = AllTables();
  return kTables;
}

void TableChecksum::Add(const StoreRow& row) {
  for (const StoreValue& v : row) {
    if (!v) {
      hash_.Update("-");
      continue;
    }
    hash_.Update(std::to_string(v->size()) + ":");
    hash_.Update(*v);
  }
  hash_.Update("\n");
  ++sum_.rows;
}

TableSum TableChecksum::Finish() {
  sum_.sha256 = hash_.HexDigest();
  return sum_;
}

StatusOr<std::vector<TableSum>> SumTables(
    TableExport& store, const std::vector<StoreTable>& tables) {
  std::map<std::string, TableChecksum> sums;
  for (const StoreTable& t : tables) {
    sums.try_emplace(std::string(t.name), std::string(t.name));
  }
  BEIAN_RETURN_IF_ERROR(store.ExportTables(
      tables, [&](const StoreTable& t, const std::vector<StoreRow>& rows) {
        TableChecksum& sum = sums.at(std::string(t.name));
        for (const StoreRow& row : rows) sum.Add(row);
        return Status::Ok();
      }));
  std::vector<TableSum> out;
  for (const StoreTable& t : tables) {
    out.push_back(sums.at(std::string(t.name)).Finish());
  }
  return out;
}

std::vector<std::string> CompareSums(const std::vector<TableSum>& source,
                                     const std::vector<TableSum>& copy) {
  std::map<std::string, const TableSum*> copied;
  for (const TableSum& s : copy) copied[s.table] = &s;
  std::vector<std::string> differences;
  for (const TableSum& s : source) {
    auto it = copied.find(s.table);
    if (it == copied.end()) {
      differences.push_back(s.table + ": missing in the copy");
      continue;
    }
    const TableSum& c = *it->second;
    copied.erase(it);
    if (s.rows != c.rows) {
      differences.push_back(s.table + ": " + std::to_string(s.rows) +
                            " rows in the source, " + std::to_string(c.rows) +
                            " in the copy");
    } else if (s.sha256 != c.sha256) {
      differences.push_back(s.table + ": " + std::to_string(s.rows) +
                            " rows on both sides but their checksums differ (" +
                            s.sha256.substr(0, 12) + " in the source, " +
                            c.sha256.substr(0, 12) + " in the copy)");
    }
  }
  for (const auto& [table, sum] : copied) {
    differences.push_back(table + ": only in the copy");
  }
  return differences;
}

StatusOr<CopyReport> CopyStore(TableExport& from, StoreImport& to) {
  const std::vector<StoreTable>& tables = StoreTables();
  std::map<std::string, TableChecksum> sums;
  for (const StoreTable& t : tables) {
    sums.try_emplace(std::string(t.name), std::string(t.name));
  }
  CopyReport report;
  BEIAN_RETURN_IF_ERROR(from.ExportTables(
      tables, [&](const StoreTable& t, const std::vector<StoreRow>& rows) {
        TableChecksum& sum = sums.at(std::string(t.name));
        for (const StoreRow& row : rows) {
          sum.Add(row);
          for (size_t i = 0; i < t.columns.size(); ++i) {
            if (t.columns[i].blob_path && row[i] && !row[i]->empty()) {
              report.blob_paths.push_back(*row[i]);
            }
          }
        }
        return to.Write(t, rows);
      }));
  BEIAN_RETURN_IF_ERROR(to.Finish());
  std::sort(report.blob_paths.begin(), report.blob_paths.end());
  report.blob_paths.erase(
      std::unique(report.blob_paths.begin(), report.blob_paths.end()),
      report.blob_paths.end());
  for (const StoreTable& t : tables) {
    report.sums.push_back(sums.at(std::string(t.name)).Finish());
  }
  StatusOr<std::vector<TableSum>> copied = SumTables(to, tables);
  if (!copied.ok()) return copied.status();
  const std::vector<std::string> differences =
      CompareSums(report.sums, *copied);
  if (!differences.empty()) {
    std::string message =
        "the copy does not match its source, so nothing was committed:";
    for (const std::string& d : differences) message += "\n  " + d;
    return FailedPrecondition(message);
  }
  return report;
}

StatusOr<bool> StoreImport::PutBlob(const std::string& name, std::string_view) {
  return FailedPrecondition("this store keeps no blobs, so " + name +
                            " cannot be put into it; copy with --blobs files");
}

StatusOr<std::string> StoreImport::StoredBlobSha256(const std::string& name) {
  return FailedPrecondition("this store keeps no blobs such as " + name);
}

std::string CanonicalReal(double v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "nan";
  return std::string(buf, end);
}

std::optional<std::string> CanonicalRealText(std::string_view text) {
  double v = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return CanonicalReal(v);
}

}  // namespace beian
