// Copying a whole store from one backend to another (`beian store copy`):
// every table's rows in a form both backends read and write, a checksum per
// table computed the same way on both sides, and the copy itself.
//
//   StatusOr<std::unique_ptr<StoreImport>> to = postgres->BeginImport();
//   StatusOr<CopyReport> copied = CopyStore(*sqlite, **to);
//   if (copied.ok()) (*to)->Commit();  // else nothing reaches PostgreSQL
//
// A row's values are canonical text, the same from SQLite and PostgreSQL:
// integers in decimal, reals in the shortest form that reads back exactly,
// times as FormatUtc ("2026-11-23T18:10:03Z"), booleans "0"/"1", bytes and
// text as they are; nullopt is NULL.
#ifndef BEIAN_STORE_STORE_COPY_H_
#define BEIAN_STORE_STORE_COPY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/sha256.h"
#include "beian/base/status.h"

namespace beian {

enum class ColumnType { kInteger, kReal, kText, kTime, kBoolean, kBytes };

struct StoreColumn {
  std::string_view name;
  ColumnType type;
  // The path of a file under the data dir ("" = none): mails.raw_path,
  // attachments.path.
  bool blob_path = false;
  // Refers to a row of the same table that may come later in key order
  // (mails.duplicate_of): an import writes it once every row is in.
  bool self_reference = false;
};

struct StoreTable {
  std::string_view name;
  std::vector<StoreColumn> columns;
  std::string_view order_by;  // the primary key, for the order of rows
  bool identity = false;      // `id` is numbered by the database
};

// Every table of the store's current schema (SQLite schema 9, PostgreSQL
// schema 3), a table after those its rows refer to. Not the schema's own
// bookkeeping (user_version, schema_version).
const std::vector<StoreTable>& StoreTables();

using StoreValue = std::optional<std::string>;
using StoreRow = std::vector<StoreValue>;  // in StoreTable::columns' order
// Receives rows of one table, in key order, a batch at a time. An error
// stops the export and is returned by it.
using TableSink = std::function<Status(const StoreTable& table,
                                       const std::vector<StoreRow>& rows)>;

// Reads whole tables. Implemented by both backends.
class TableExport {
 public:
  virtual ~TableExport() = default;
  // Hands `sink` every row of `tables`, table by table in the given order,
  // all from one snapshot (writers that commit meanwhile are not seen).
  // FailedPrecondition when the database holds a table or column that
  // `tables` does not list, or lacks one it lists (a newer or older schema:
  // a copy would lose data), naming it.
  virtual Status ExportTables(const std::vector<StoreTable>& tables,
                              const TableSink& sink) = 0;
};

// Rows written into an empty store inside one transaction, which is rolled
// back unless Commit() is called (destroying the import, a failure or a
// lost connection leave the store as empty as it was).
class StoreImport : public TableExport {
 public:
  // Writes rows as they are, ids and numbers included.
  virtual Status Write(const StoreTable& table,
                       const std::vector<StoreRow>& rows) = 0;
  // After the last Write: fills in the self references and moves the
  // database's id counters past the copied ids, so that new rows continue
  // after them. ExportTables then reads what was written.
  virtual Status Finish() = 0;
  virtual Status Commit() = 0;

  // A raw mail or attachment under its blob name (blob_store.h), put into
  // the store's own blobs inside the import: rolled back with the rows
  // unless Commit() is called, so a failed copy leaves no blob behind.
  // Returns whether it wrote it (false: a whole blob of that name was
  // there). FailedPrecondition for a store that keeps no blobs.
  virtual StatusOr<bool> PutBlob(const std::string& name,
                                 std::string_view bytes);
  // The sha256 (hex) of a blob's bytes as the store computes them now, its
  // own puts included; NotFound when there is none.
  virtual StatusOr<std::string> StoredBlobSha256(const std::string& name);
};

// A table's row count and checksum: sha256 over its rows in key order, each
// value length-prefixed ("5:hello", "-" for NULL) so that no two different
// tables of rows hash alike by shifting text between columns.
struct TableSum {
  std::string table;
  int64_t rows = 0;
  std::string sha256;
  bool operator==(const TableSum&) const = default;
};

class TableChecksum {
 public:
  explicit TableChecksum(std::string table) { sum_.table = std::move(table); }
  void Add(const StoreRow& row);
  // The sum of the rows added so far (call once).
  TableSum Finish();

 private:
  Sha256 hash_;
  TableSum sum_;
};

// Counts and checksums of `tables` as `store` holds them now.
StatusOr<std::vector<TableSum>> SumTables(
    TableExport& store, const std::vector<StoreTable>& tables);

// The tables whose count or checksum differ, one line each ("cases: 3 rows
// in the source, 2 in the copy"); empty when all agree. A table on one side
// only is a difference too.
std::vector<std::string> CompareSums(const std::vector<TableSum>& source,
                                     const std::vector<TableSum>& copy);

struct CopyReport {
  std::vector<TableSum> sums;  // the same on both sides
  // Every file the copied rows name, relative to the data dir, sorted,
  // each once.
  std::vector<std::string> blob_paths;
};

// Copies StoreTables() from `from` into `to`, calls to.Finish(), reads `to`
// back and compares counts and checksums. Does not commit: the caller
// commits when the rest of the move (the files) is done too.
// FailedPrecondition listing the tables that differ; errors of either side
// as they are.
StatusOr<CopyReport> CopyStore(TableExport& from, StoreImport& to);

// The canonical text of a real (the shortest that reads back exactly) and
// its inverse for text a database printed; nullopt when not a number.
std::string CanonicalReal(double v);
std::optional<std::string> CanonicalRealText(std::string_view text);

}  // namespace beian

#endif  // BEIAN_STORE_STORE_COPY_H_
