// SqliteStore: whole tables for `beian store copy` (store_copy.h).
#include <set>

#include "sqlite_store_impl.h"

namespace beian {

using internal::Db;
using internal::Stmt;

namespace {

constexpr size_t kBatchRows = 500;

StatusOr<std::set<std::string>> Names(Db& db, std::string_view sql,
                                      std::string_view arg) {
  StatusOr<Stmt> s = db.Prepare(sql);
  if (!s.ok()) return s.status();
  if (!arg.empty()) s->Bind(1, arg);
  StatusOr<std::vector<std::string>> names = internal::ReadAll<std::string>(
      *s, [](const Stmt& row) { return row.Text(0); });
  if (!names.ok()) return names.status();
  return std::set<std::string>(names->begin(), names->end());
}

// FailedPrecondition unless the file holds exactly `tables` with exactly
// their columns.
Status CheckSchema(Db& db, const std::vector<StoreTable>& tables) {
  StatusOr<std::set<std::string>> in_file =
      Names(db,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
            "NOT LIKE 'sqlite_%'",
            "");
  if (!in_file.ok()) return in_file.status();
  const std::string what_to_do =
      "; the copy would not be whole, so nothing was copied (copy with the "
      "beian that wrote " +
      db.path() + ")";
  std::set<std::string> known;
  for (const StoreTable& t : tables) {
    known.insert(std::string(t.name));
    if (!in_file->contains(std::string(t.name))) {
      return FailedPrecondition(db.path() + " has no table " +
                                std::string(t.name) + what_to_do);
    }
    StatusOr<std::set<std::string>> columns =
        Names(db, "SELECT name FROM pragma_table_info(?1)", t.name);
    if (!columns.ok()) return columns.status();
    // Meaningful to this file's processes only (ClaimLock tokens).
    if (t.name == "outbox") columns->erase("claimed_by");
    for (const StoreColumn& c : t.columns) {
      if (columns->erase(std::string(c.name)) == 0) {
        return FailedPrecondition(db.path() + " has no column " +
                                  std::string(t.name) + "." +
                                  std::string(c.name) + what_to_do);
      }
    }
    if (!columns->empty()) {
      return FailedPrecondition("column " + std::string(t.name) + "." +
                                *columns->begin() + " of " + db.path() +
                                " is not one store copy knows" + what_to_do);
    }
  }
  for (const std::string& name : *in_file) {
    if (!known.contains(name)) {
      return FailedPrecondition("table " + name + " of " + db.path() +
                                " is not one store copy knows" + what_to_do);
    }
  }
  return Status::Ok();
}

StatusOr<StoreValue> ReadValue(const Stmt& s, int col, const StoreTable& t) {
  if (s.IsNull(col)) return StoreValue();
  const StoreColumn& c = t.columns[col];
  switch (c.type) {
    case ColumnType::kInteger:
      return StoreValue(std::to_string(s.Int(col)));
    case ColumnType::kBoolean:
      return StoreValue(s.Int(col) != 0 ? "1" : "0");
    case ColumnType::kReal:
      return StoreValue(CanonicalReal(s.Real(col)));
    case ColumnType::kTime: {
      const std::string text = s.Text(col);
      const std::optional<TimePoint> t_at = ParseUtc(text);
      if (!t_at) {
        return FailedPrecondition(
            std::string(t.name) + "." + std::string(c.name) + " of the row " +
            s.Text(0) + " holds \"" + text +
            "\", not a time as beian writes them; nothing was copied");
      }
      return StoreValue(FormatUtc(*t_at));
    }
    case ColumnType::kText:
    case ColumnType::kBytes:
      return StoreValue(s.Text(col));
  }
  return StoreValue();
}

Status ExportTable(Db& db, const StoreTable& t, const TableSink& sink) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    sql += (i == 0 ? "" : ", ") + std::string(t.columns[i].name);
  }
  sql +=
      " FROM " + std::string(t.name) + " ORDER BY " + std::string(t.order_by);
  StatusOr<Stmt> s = db.Prepare(sql);
  if (!s.ok()) return s.status();
  std::vector<StoreRow> batch;
  for (;;) {
    StatusOr<bool> row = s->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    StoreRow values;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      StatusOr<StoreValue> v = ReadValue(*s, static_cast<int>(i), t);
      if (!v.ok()) return v.status();
      values.push_back(std::move(*v));
    }
    batch.push_back(std::move(values));
    if (batch.size() == kBatchRows) {
      BEIAN_RETURN_IF_ERROR(sink(t, batch));
      batch.clear();
    }
  }
  return batch.empty() ? Status::Ok() : sink(t, batch);
}

}  // namespace

Status SqliteStore::ExportTables(const std::vector<StoreTable>& tables,
                                 const TableSink& sink) {
  std::lock_guard lock(impl_->mu);
  Db& db = impl_->db;
  if (db.in_batch()) {
    return FailedPrecondition("cannot read whole tables of " + db.path() +
                              " during an intake batch");
  }
  BEIAN_RETURN_IF_ERROR(db.Exec("BEGIN"));  // deferred: a read snapshot
  Status s = CheckSchema(db, tables);
  for (size_t i = 0; s.ok() && i < tables.size(); ++i) {
    s = ExportTable(db, tables[i], sink);
  }
  Status ended = db.Exec(s.ok() ? "COMMIT" : "ROLLBACK");
  return s.ok() ? ended : s;
}

}  // namespace beian
