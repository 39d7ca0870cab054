// Attachment files, written when a reviewer first looks at a case.
//
// Intake keeps each mail once, as its raw file (raw/ab/<sha256>.eml). An
// attachment gets its own decoded file (attachments/ab/<sha256>) the first
// time a case is shown; until then its record has no sha256 and no path.
//
//   StatusOr<CaseDetail> d = store.GetCase("510682-20261123-0001");
//   std::map<int64_t, std::string> errors =
//       WriteAttachmentFiles(store, blobs, *d);   // fills in d's paths
#ifndef BEIAN_SERVICE_ATTACHMENT_FILES_H_
#define BEIAN_SERVICE_ATTACHMENT_FILES_H_

#include <cstdint>
#include <map>
#include <string>

#include "beian/mime/parsed_mail.h"
#include "beian/store/blob_store.h"
#include "beian/case/records.h"
#include "beian/store/store.h"

namespace beian {

// For every attachment of `detail` without a file: reads its mail's raw
// file, decodes the attachment again, checks it is the one intake listed
// (position, size), writes it content-addressed, and records its sha256 and
// path in the store and in `detail`. Each mail is parsed once. Returns, per
// attachment id that still has no file, what went wrong and what to do;
// the others are written regardless.
std::map<int64_t, std::string> WriteAttachmentFiles(CaseStore& store,
                                                    BlobStore& blobs,
                                                    CaseDetail& detail,
                                                    MimeLimits limits = {});

}  // namespace beian

#endif  // BEIAN_SERVICE_ATTACHMENT_FILES_H_
