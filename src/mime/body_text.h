// What a body says: HTML reduced to text, and links to files we cannot fetch.
#ifndef BEIAN_MIME_BODY_TEXT_H_
#define BEIAN_MIME_BODY_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace beian::internal {

// Drops tags, comments, <script> and <style>; block tags and <br> become
// line breaks; entities (&amp; &nbsp; &#20013; &#x4E2D; ...) are decoded;
// runs of blank lines collapse.
std::string HtmlToText(std::string_view html);

// Download links of QQ Mail (ftn) and NetEase (large attachment) 超大附件 in
// text or HTML, in order of appearance, without duplicates.
std::vector<std::string> FindLargeAttachmentLinks(std::string_view body);

// CRLF and lone CR become LF.
std::string NormalizeNewlines(std::string_view s);

}  // namespace beian::internal

#endif  // BEIAN_MIME_BODY_TEXT_H_
