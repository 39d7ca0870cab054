#include "form_reader.h"

#include <algorithm>

#include "field_parsers.h"
#include "id_number_repair.h"
#include "known_names.h"

namespace beian::ocr {
namespace {

constexpr double kFormNameDiscount = 0.75;
// The table is warped to 200 px per inch of the template. Its cells are
// read at the resolution the page was captured at, never enlarged (a
// 100 dpi page: form fields 90% at the warped size, 95% at half of it);
// the warped size is the second try for what that misses.
double CellScale(double source_scale) {
  return std::clamp(source_scale, 0.5, 1.0);
}

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
                double scale, const Knowledge& known, const ReadHints& hints,
                FieldCollector& out) {
  OcrRequest req;
  req.whitelist = kIdWhitelist;
  req.alternatives = true;
  const OcrResult r =
      RecognizeRegionScaled(engine, table, CellRect(c), req, scale);
  IdNumberReading id = ReadIdNumber(ToIdChars(r), "");
  if (!id.valid) {
    const OcrResult full = RecognizeRegion(engine, table, CellRect(c), req);
    const IdNumberReading second = ReadIdNumber(ToIdChars(full), "");
    if (second.valid) id = second;
  }
  if (!id.valid) {
    const IdNumberReading repaired = RepairFromKnowledge(
        ToIdChars(r), "", known.division_codes, hints.id_number);
    if (repaired.valid) id = repaired;
  }
  out.Add("id_number", id.valid ? std::optional(id.value) : std::nullopt,
          id.confidence, id.raw, id.note);
}

// Handwritten-style names are where Tesseract is confidently wrong: a form
// name must clear a stricter bar (a wrong name is worse than none), unless
// it agrees with the subject's claim.
void ReadNameCell(OcrEngine& engine, const GrayImage& table, const Cell& c,
                  double scale, const ReadHints& hints, FieldCollector& out) {
  OcrRequest req;
  req.alternatives = true;
  OcrResult r = RecognizeRegionScaled(engine, table, CellRect(c), req, scale);
  NameMatch name = MatchName(r, hints.name);
  if (!name.value || name.value != hints.name) {
    OcrResult full = RecognizeRegion(engine, table, CellRect(c), req);
    NameMatch second = MatchName(full, hints.name);
    if (second.value && (!name.value || second.value == hints.name)) {
      name = std::move(second);
      r = std::move(full);
    }
  }
  if (name.value != hints.name) name.confidence *= kFormNameDiscount;
  out.Add("name", name.value, name.confidence, r.text, name.note);
}

// A lone 男/女 in a wide cell is often read as nothing on a line: read it
// again as one word limited to the two characters.
void ReadSexCell(OcrEngine& engine, const GrayImage& table, const Cell& c,
                 double scale, FieldCollector& out) {
  OcrResult r =
      RecognizeRegionScaled(engine, table, CellRect(c), OcrRequest{}, scale);
  std::optional<std::string> sex = ParseSex(r.text);
  if (!sex) {
    OcrRequest req;
    req.whitelist = "男女";
    req.layout = Layout::kSingleWord;
    r = RecognizeRegionScaled(engine, table, CellRect(c), req, scale);
    sex = ParseSex(r.text);
  }
  if (!sex) {
    r = RecognizeRegion(engine, table, CellRect(c), OcrRequest{});
    sex = ParseSex(r.text);
  }
  out.Add("sex", sex, r.confidence, r.text);
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

void ReadForm(OcrEngine& engine, const GrayImage& table, double source_scale,
              const Knowledge& known, const ReadHints& hints,
              FieldCollector& out) {
  const std::vector<std::string>& places = known.places;
  const double scale = CellScale(source_scale);
  for (const Cell& c : kCells) {
    if (std::string(c.field) == "id_number") {
      ReadIdCell(engine, table, c, scale, known, hints, out);
      continue;
    }
    if (std::string(c.field) == "name") {
      ReadNameCell(engine, table, c, scale, hints, out);
      continue;
    }
    if (std::string(c.field) == "sex") {
      ReadSexCell(engine, table, c, scale, out);
      continue;
    }
    const OcrResult r = RecognizeRegionScaled(engine, table, CellRect(c),
                                              RequestFor(c.field), scale);
    std::optional<std::string> value = ParseCell(c.field, r);
    std::string note;
    const std::string field = c.field;
    if (value && field == "contact_address") {
      std::string read;
      value = SnapAddressPrefix(*value, places, &read);
      note = read;
    }
    if (value && (field == "insured_place" || field == "treatment_place")) {
      if (std::optional<std::string> snapped = SnapToKnown(*value, places)) {
        if (*snapped != *value) note = "place name matched: " + *value;
        value = snapped;
      }
    }
    out.Add(c.field, value, r.confidence, r.text, note);
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
