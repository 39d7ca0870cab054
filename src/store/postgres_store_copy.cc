// PostgresStore: whole tables for `beian store copy` (store_copy.h), out of
// the store and into an empty one.
#include <map>
#include <set>

#include "postgres_blobs.h"
#include "postgres_store_impl.h"

namespace beian {

using internal::PgConnection;
using internal::PgParams;
using internal::PgResult;
using internal::PgTransaction;

namespace {

constexpr int kBatchRows = 500;

std::string ColumnList(const StoreTable& t) {
  std::string list;
  for (const StoreColumn& c : t.columns) {
    list += (list.empty() ? "" : ", ") + std::string(c.name);
  }
  return list;
}

// FailedPrecondition unless the database holds exactly `tables` with exactly
// their columns (besides PgMigrate's schema_version and PostgresBlobStore's
// blobs, which store copy fills from the files).
Status CheckSchema(PgConnection& db, const std::vector<StoreTable>& tables) {
  StatusOr<PgResult> r = db.Query(
      "SELECT table_name, column_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name NOT IN "
      "('schema_version', 'blobs')");
  if (!r.ok()) return r.status();
  std::map<std::string, std::set<std::string>> in_db;
  for (int i = 0; i < r->rows(); ++i) {
    in_db[r->Text(i, 0)].insert(r->Text(i, 1));
  }
  const std::string what_to_do =
      " in " + db.target() +
      "; the copy would not be whole, so nothing was copied (use the beian "
      "that created this database)";
  for (const StoreTable& t : tables) {
    auto it = in_db.find(std::string(t.name));
    if (it == in_db.end()) {
      return FailedPrecondition("no table " + std::string(t.name) + what_to_do);
    }
    for (const StoreColumn& c : t.columns) {
      if (it->second.erase(std::string(c.name)) == 0) {
        return FailedPrecondition("no column " + std::string(t.name) + "." +
                                  std::string(c.name) + what_to_do);
      }
    }
    if (!it->second.empty()) {
      return FailedPrecondition("column " + std::string(t.name) + "." +
                                *it->second.begin() +
                                " is not one store copy knows" + what_to_do);
    }
    in_db.erase(it);
  }
  if (!in_db.empty()) {
    return FailedPrecondition("table " + in_db.begin()->first +
                              " is not one store copy knows" + what_to_do);
  }
  return Status::Ok();
}

StatusOr<StoreValue> ReadValue(const PgResult& r, int row, int col,
                               const StoreTable& t) {
  if (r.IsNull(row, col)) return StoreValue();
  const StoreColumn& c = t.columns[col];
  const std::string text = c.type == ColumnType::kBytes ? "" : r.Text(row, col);
  std::optional<std::string> value;
  switch (c.type) {
    case ColumnType::kInteger:
    case ColumnType::kText:
      return StoreValue(text);
    case ColumnType::kBoolean:
      return StoreValue(r.Bool(row, col) ? "1" : "0");
    case ColumnType::kBytes:
      return StoreValue(r.Bytes(row, col));
    case ColumnType::kReal:
      value = CanonicalRealText(text);
      break;
    case ColumnType::kTime:
      if (std::optional<TimePoint> at = internal::ParsePgTime(text)) {
        value = FormatUtc(*at);
      }
      break;
  }
  if (!value) {
    return FailedPrecondition(std::string(t.name) + "." + std::string(c.name) +
                              " of the row " + r.Text(row, 0) + " holds \"" +
                              text + "\", which beian does not write");
  }
  return StoreValue(std::move(value));
}

// Every row of `t`, through a cursor of the open transaction.
Status ExportTable(PgConnection& db, const StoreTable& t,
                   const TableSink& sink) {
  BEIAN_RETURN_IF_ERROR(db.Exec(
      "DECLARE beian_export NO SCROLL CURSOR FOR SELECT " + ColumnList(t) +
      " FROM " + std::string(t.name) + " ORDER BY " + std::string(t.order_by)));
  for (;;) {
    StatusOr<PgResult> r = db.Query(
        "FETCH FORWARD " + std::to_string(kBatchRows) + " FROM beian_export");
    if (!r.ok()) return r.status();
    if (r->rows() == 0) break;
    std::vector<StoreRow> batch;
    for (int i = 0; i < r->rows(); ++i) {
      StoreRow values;
      for (size_t c = 0; c < t.columns.size(); ++c) {
        StatusOr<StoreValue> v = ReadValue(*r, i, static_cast<int>(c), t);
        if (!v.ok()) return v.status();
        values.push_back(std::move(*v));
      }
      batch.push_back(std::move(values));
    }
    BEIAN_RETURN_IF_ERROR(sink(t, batch));
  }
  return db.Exec("CLOSE beian_export");
}

Status ExportIn(PgConnection& db, const std::vector<StoreTable>& tables,
                const TableSink& sink) {
  BEIAN_RETURN_IF_ERROR(CheckSchema(db, tables));
  for (const StoreTable& t : tables) {
    BEIAN_RETURN_IF_ERROR(ExportTable(db, t, sink));
  }
  return Status::Ok();
}

// "cases (3 rows), mails (40 rows)": the tables of StoreTables() that hold
// rows; "" when all are empty.
StatusOr<std::string> TablesWithRows(PgConnection& db) {
  std::string list;
  for (const StoreTable& t : StoreTables()) {
    StatusOr<PgResult> r =
        db.Query("SELECT count(*) FROM " + std::string(t.name));
    if (!r.ok()) return r.status();
    const int64_t n = r->Int(0, 0);
    if (n == 0) continue;
    list += (list.empty() ? "" : ", ") + std::string(t.name) + " (" +
            std::to_string(n) + (n == 1 ? " row)" : " rows)");
  }
  return list;
}

class PgImport final : public StoreImport {
 public:
  PgImport(std::unique_lock<std::mutex> lock, PgConnection& db,
           std::unique_ptr<PgTransaction> tx)
      : lock_(std::move(lock)), db_(db), tx_(std::move(tx)) {}

  Status ExportTables(const std::vector<StoreTable>& tables,
                      const TableSink& sink) override {
    if (!tx_) return FailedPrecondition("the import has ended");
    return ExportIn(db_, tables, sink);
  }

  Status Write(const StoreTable& t,
               const std::vector<StoreRow>& rows) override {
    if (!tx_) return FailedPrecondition("the import has ended");
    std::string sql = "INSERT INTO " + std::string(t.name) + " (" +
                      ColumnList(t) + ") VALUES (";
    for (size_t i = 0; i < t.columns.size(); ++i) {
      sql += (i == 0 ? "$" : ", $") + std::to_string(i + 1);
    }
    sql += ")";
    for (const StoreRow& row : rows) {
      PgParams params;
      for (size_t i = 0; i < t.columns.size(); ++i) {
        const StoreColumn& c = t.columns[i];
        if (!row[i]) {
          params.AddNull();
        } else if (c.self_reference) {
          params.AddNull();
          later_.push_back(
              {std::string(t.name), std::string(c.name), *row[0], *row[i]});
        } else if (c.type == ColumnType::kBytes) {
          params.AddBytes(*row[i]);
        } else {
          params.Add(*row[i]);
        }
      }
      BEIAN_RETURN_IF_ERROR(db_.Query(sql, params).status());
    }
    return Status::Ok();
  }

  Status Finish() override {
    if (!tx_) return FailedPrecondition("the import has ended");
    for (const Later& l : later_) {
      BEIAN_RETURN_IF_ERROR(db_.Query("UPDATE " + l.table + " SET " + l.column +
                                          " = $2 WHERE id = $1",
                                      PgParams().Add(l.id).Add(l.value))
                                .status());
    }
    later_.clear();
    for (const StoreTable& t : StoreTables()) {
      if (!t.identity) continue;
      const std::string name(t.name);
      BEIAN_RETURN_IF_ERROR(
          db_.Query("SELECT setval(pg_get_serial_sequence('" + name +
                    "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + name)
              .status());
    }
    return Status::Ok();
  }

  StatusOr<bool> PutBlob(const std::string& name,
                         std::string_view bytes) override {
    if (!tx_) return FailedPrecondition("the import has ended");
    return internal::PgPutBlob(db_, name, bytes);
  }

  StatusOr<std::string> StoredBlobSha256(const std::string& name) override {
    if (!tx_) return FailedPrecondition("the import has ended");
    return internal::PgStoredSha256(db_, name,
                                    "the blobs table of " + db_.target());
  }

  Status Commit() override {
    if (!tx_) return FailedPrecondition("the import has ended");
    Status s = tx_->Commit();
    tx_.reset();  // rolls back what a failed commit left
    lock_.unlock();
    return s;
  }

 private:
  struct Later {  // a self reference, written by Finish() (the id is first)
    std::string table;
    std::string column;
    std::string id;
    std::string value;
  };
  std::unique_lock<std::mutex> lock_;
  PgConnection& db_;
  std::unique_ptr<PgTransaction> tx_;  // destroyed (rolled back) first
  std::vector<Later> later_;
};

}  // namespace

Status PostgresStore::ExportTables(const std::vector<StoreTable>& tables,
                                   const TableSink& sink) {
  std::lock_guard lock(impl_->mu);
  if (impl_->batch) {
    return FailedPrecondition("cannot read whole tables of " +
                              impl_->db.target() + " during an intake batch");
  }
  StatusOr<std::unique_ptr<PgTransaction>> tx = PgTransaction::Begin(impl_->db);
  if (!tx.ok()) return tx.status();
  BEIAN_RETURN_IF_ERROR(impl_->db.Exec(
      "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
  BEIAN_RETURN_IF_ERROR(ExportIn(impl_->db, tables, sink));
  return (*tx)->Commit();
}

StatusOr<std::unique_ptr<StoreImport>> PostgresStore::BeginImport() {
  std::unique_lock lock(impl_->mu);
  PgConnection& db = impl_->db;
  if (impl_->batch) {
    return FailedPrecondition("cannot import into " + db.target() +
                              " during an intake batch");
  }
  StatusOr<std::unique_ptr<PgTransaction>> tx = PgTransaction::Begin(db);
  if (!tx.ok()) return tx.status();
  std::string tables;
  for (const StoreTable& t : StoreTables()) {
    tables += (tables.empty() ? "" : ", ") + std::string(t.name);
  }
  BEIAN_RETURN_IF_ERROR(db.Exec("LOCK TABLE " + tables + " IN EXCLUSIVE MODE"));
  BEIAN_RETURN_IF_ERROR(CheckSchema(db, StoreTables()));
  StatusOr<std::string> with_rows = TablesWithRows(db);
  if (!with_rows.ok()) return with_rows.status();
  if (!with_rows->empty()) {
    return FailedPrecondition(
        "the PostgreSQL store " + db.target() + " is not empty: " + *with_rows +
        "; store copy fills only an empty store and copied nothing. Copy into "
        "a new, empty database (createdb -O beian beian_new, then --to "
        "postgresql://.../beian_new); if this one holds only an earlier copy "
        "that you mean to replace, drop and create it again (dropdb, "
        "createdb -O beian) and copy again");
  }
  return std::unique_ptr<StoreImport>(
      new PgImport(std::move(lock), db, std::move(*tx)));
}

}  // namespace beian
