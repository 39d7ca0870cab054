// Reading attachments: pages, their kind, and fields with confidences.
//
//   std::unique_ptr<DocumentReader> reader = NewTesseractDocumentReader(o);
//   StatusOr<DocumentReading> r =
//       reader->Read("身份证.jpg", "image/jpeg", bytes, {name, id_number});
//   for (const PageReading& p : r->pages) Use(p.kind, p.fields);
//
// A reader never guesses: a field below its confidence threshold is left out
// (or flagged), and an unreadable page carries a quality problem instead.
#ifndef BEIAN_OCR_DOCUMENT_READER_H_
#define BEIAN_OCR_DOCUMENT_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "beian/base/problem.h"
#include "beian/base/status.h"

namespace beian {

enum class PageKind {
  kIdFront,          // 人像面
  kIdBack,           // 国徽面
  kIdBoth,           // both sides on one page
  kForm,             // 《跨省异地就医登记备案表》
  kHukou,            // 户口簿
  kResidencePermit,  // 居住证 / 居住证明
  kReferral,         // 转诊证明
  kCommitment,       // 个人承诺书
  kEmployment,       // 派出证明 / 异地单位证明 / 劳动合同
  kOther,
};

// "id_front", "id_back", "id_both", "form", "hukou", "residence_permit",
// "referral", "commitment", "employment", "other".
const char* PageKindName(PageKind kind);

struct FieldReading {
  // Card: name, sex, ethnicity, birth, address, id_number, authority,
  // valid_from, valid_to. 备案表: name, sex, id_number, insured_place,
  // insurance_type, filing_type, treatment_place, phone, contact_address,
  // start_date, signature ("inked" or "empty"), apply_date.
  std::string name;
  std::string value;  // normalised (dates YYYY-MM-DD, valid_to may be 长期)
  double confidence = 0;  // 0..1
  std::string raw_text;   // what OCR read before repair
  std::string note;       // e.g. "check digit repaired: 8->B at 17"
  // The value passed a check of its own beyond its grammar (readings that
  // agree, for a name): it outweighs a reading that passed none.
  bool checked = false;
};

struct PageReading {
  int page_index = 0;  // within the attachment, from 0
  PageKind kind = PageKind::kOther;
  double kind_confidence = 0;
  std::vector<FieldReading> fields;
  // Fields left out (below their threshold or unparsable), with what OCR
  // read: for diagnostics (beian ocr --json), never used as values.
  std::vector<FieldReading> rejected;
  // Quality measures (blur, too_small, too_dark, glare), 0..1 or pixels.
  std::vector<std::pair<std::string, double>> quality;
  // e.g. scan_blurry, scan_too_small: specific correction reasons.
  Problems problems;
  double seconds = 0;
};

struct DocumentReading {
  std::vector<PageReading> pages;
  // Whole-document problems: unsupported_format, corrupt_file, archive_limits.
  Problems problems;
};

// What the mail already claims (its subject), so the reader can tell a
// misread character from a real difference. A reading is only moved to the
// claim when OCR itself offers the claimed character; otherwise it stays
// as read and the draft checks report the mismatch.
struct ReadHints {
  std::string name;       // 姓名 of the subject ("" = unknown)
  std::string id_number;  // 身份证号 of the subject ("" = unknown)
};

class DocumentReader {
 public:
  virtual ~DocumentReader() = default;
  // Errors only for failures of the reader itself (no language data); a bad
  // file is a DocumentReading with a problem, never an error.
  virtual StatusOr<DocumentReading> Read(std::string_view filename,
                                         std::string_view content_type,
                                         std::string_view bytes,
                                         const ReadHints& hints) = 0;
  StatusOr<DocumentReading> Read(std::string_view filename,
                                 std::string_view content_type,
                                 std::string_view bytes) {
    return Read(filename, content_type, bytes, ReadHints{});
  }
};

}  // namespace beian

#endif  // BEIAN_OCR_DOCUMENT_READER_H_
