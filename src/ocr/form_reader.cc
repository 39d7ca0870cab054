#include "form_reader.h"

#include "field_parsers.h"
#include "id_number_repair.h"

namespace beian::ocr {
namespace {

constexpr double kFormNameDiscount = 0.75;

// Cells in template page coordinates (100 dpi); the table starts at (50, 140).
constexpr int kTableX = 50, kTableY = 140;

struct Cell {
  const char* field;
  int x0, y0, x1, y1;
};

const Cell kCells[] = {
    {"name", 183, 143, 437, 193},
    {"sex", 593, 143, 774, 193},
    {"id_number", 593, 199, 774, 249},
    {"insured_place", 183, 255, 437, 305},
    {"insurance_type", 593, 255, 774, 305},
    {"phone", 183, 367, 774, 417},
    {"contact_address", 183, 423, 774, 473},
    {"treatment_place", 183, 609, 437, 659},
    {"start_date", 183, 665, 437, 715},
    {"apply_date", 593, 835, 774, 937},
};

// Interior of the signature box below the printed promise line.
constexpr Cell kSignature{"signature", 186, 866, 586, 936};

Rect TableRect(int x0, int y0, int x1, int y1) {
  return {2 * (x0 - kTableX), 2 * (y0 - kTableY), 2 * (x1 - x0), 2 * (y1 - y0)};
}

Rect CellRect(const Cell& c) { return TableRect(c.x0, c.y0, c.x1, c.y1); }

// Inside of the i-th 备案类型 check box (18 x 18 at 100 dpi).
Rect FilingBox(int i) {
  const int bx = 180 + 10 + (i % 3) * 196;
  const int by = 476 + 34 + (i / 3) * 62;
  return TableRect(bx + 4, by + 4, bx + 15, by + 15);
}

std::optional<std::string> ParseCell(const std::string& field,
                                     const OcrResult& r) {
  if (field == "name") return CleanName(r.text);
  if (field == "sex") return ParseSex(r.text);
  if (field == "insurance_type") return ParseInsuranceType(r.text);
  if (field == "phone") return ParsePhone(r.text);
  if (field == "start_date" || field == "apply_date")
    return ParseChineseDate(r.text);
  const std::string text = CleanCjkText(r.text);
  if (CharCount(text) < 4) return std::nullopt;
  return text;
}

OcrRequest RequestFor(const std::string& field) {
  OcrRequest r;
  if (field == "phone") r.whitelist = "0123456789-";
  if (field == "start_date" || field == "apply_date") {
    r.whitelist = "0123456789年月日";
  }
  return r;
}

void ReadIdCell(OcrEngine& engine, const GrayImage& table, const Cell& c,
                FieldCollector& out) {
  OcrRequest req;
  req.whitelist = kIdWhitelist;
  req.alternatives = true;
  const OcrResult r = RecognizeRegion(engine, table, CellRect(c), req);
  const IdNumberReading id = ReadIdNumber(ToIdChars(r), "");
  out.Add("id_number", id.valid ? std::optional(id.value) : std::nullopt,
          id.confidence, id.raw, id.note);
}

}  // namespace

int TickedFilingBox(const GrayImage& table) {
  int ticked = -1;
  for (int i = 0; i < 6; ++i) {
    if (InkFraction(table, FilingBox(i), 128) > 0.08) {
      if (ticked >= 0) return -1;
      ticked = i;
    }
  }
  return ticked;
}

bool SignatureInked(const GrayImage& table) {
  return InkFraction(table, CellRect(kSignature), 128) > 0.01;
}

void ReadForm(OcrEngine& engine, const GrayImage& table,
              const std::vector<std::string>& places, FieldCollector& out) {
  for (const Cell& c : kCells) {
    if (std::string(c.field) == "id_number") {
      ReadIdCell(engine, table, c, out);
      continue;
    }
    const OcrResult r =
        RecognizeRegion(engine, table, CellRect(c), RequestFor(c.field));
    std::optional<std::string> value = ParseCell(c.field, r);
    std::string note;
    const std::string field = c.field;
    if (value && (field == "insured_place" || field == "treatment_place")) {
      if (std::optional<std::string> snapped = SnapToKnown(*value, places)) {
        if (*snapped != *value) note = "place name matched: " + *value;
        value = snapped;
      }
    }
    // Handwritten-style names are where Tesseract is confidently wrong: a
    // form name must clear a stricter bar (a wrong name is worse than none).
    const double confidence =
        field == "name" ? MinConfidence(r) * kFormNameDiscount : r.confidence;
    out.Add(c.field, value, confidence, r.text, note);
  }
  const int box = TickedFilingBox(table);
  out.Add(
      "filing_type",
      box >= 0 ? std::optional<std::string>(kFilingTypes[box]) : std::nullopt,
      box >= 0 ? 0.95 : 0, "");
  out.Add("signature", std::string(SignatureInked(table) ? "inked" : "empty"),
          0.9, "");
}

}  // namespace beian::ocr
