// OCR in the intake pipeline: page readings to and from their stored JSON,
// and the draft fields and problems of a case from all its pages.
#ifndef BEIAN_SERVICE_OCR_DRAFT_H_
#define BEIAN_SERVICE_OCR_DRAFT_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "beian/case/records.h"
#include "beian/ocr/document_reader.h"

namespace beian {

std::string PageReadingToJson(const PageReading& page);
// nullopt when `json` is not a stored page reading.
std::optional<PageReading> PageReadingFromJson(std::string_view json);

// Page kinds present in a case ("id_both" counts as id_front and id_back).
std::set<std::string> PageKinds(const CaseDetail& detail);

}  // namespace beian

#endif  // BEIAN_SERVICE_OCR_DRAFT_H_
