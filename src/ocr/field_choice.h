// Two readings of one card, and the choice between them field by field.
//
// The content path (content_reader.h) reads fields by the labels it finds;
// the template path (card_reader.h) reads them where the standard card
// layout puts them. Each field takes the reading that passes its checks:
// the number its check digit, birth and sex the number's date and parity,
// the validity a real period, the 签发机关 the known authorities. Names,
// 民族 and addresses have no check of their own: a template reading of
// them is taken only when the labels were found where the template says
// (`template_confirmed`), and two readings that disagree give no value.
#ifndef BEIAN_SRC_OCR_FIELD_CHOICE_H_
#define BEIAN_SRC_OCR_FIELD_CHOICE_H_

#include <string>
#include <vector>

#include "field_collector.h"
#include "known_names.h"
#include "text_rows.h"

namespace beian::ocr {

// Whether the labels found in `rows` (read from a card warped to the
// standard kCardWidth x kCardHeight) sit where the standard layout puts
// them: at least two of them, each within a few percent of its place.
bool LabelsWhereTemplateSays(const std::vector<TextRow>& rows);

// The fields whose own check makes a template reading safe to take alone.
std::vector<std::string> CardStrongFields();  // number, birth, sex, back
std::vector<std::string> FormStrongFields();  // the number only

// How many fields both readings have, with the same value: a template
// whose readings agree with the labels' on several fields fits this page.
int Agreements(const FieldCollector& a, const FieldCollector& b);

// `out` gets one value (or a rejection) per field of either reading.
void ChooseFields(FieldCollector& content, FieldCollector& templated,
                  bool template_confirmed,
                  const std::vector<std::string>& strong, FieldCollector& out);

// A number whose division code was repaired (a digit solved by the check
// character until the code was a known one) can land on another place by
// chance when a second digit was misread too. It is kept only when the
// card's address names the repaired code's county (or its city, for a code
// without one), or when it is the subject's number; otherwise it is
// withdrawn. An address not read says nothing.
void DistrustDivisionRepair(const Knowledge& known, const std::string& claim,
                            FieldCollector& fields);

// An address kept whose start is no province (of `known`'s places; a
// garbled first line that still ended in 号) is withdrawn; one character
// after its last 号 or 室 that numbers nothing (…353室人: a speck below
// read as a word) is taken off.
void CheckAddress(const Knowledge& known, FieldCollector& fields);

// True when every field a card side needs was read by the content path
// and birth and sex agree with the number: the template read adds nothing.
bool CardFieldsComplete(const FieldCollector& fields, bool front, bool back);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_FIELD_CHOICE_H_
