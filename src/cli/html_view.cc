#include "html_view.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>
#include <utility>

#include "beian/base/base64.h"
#include "beian/base/china_time.h"
#include "field_view.h"
#include "json_view.h"

namespace beian::cli {
namespace internal {
namespace {

uint32_t Be16(std::string_view b, size_t i) {
  return (static_cast<uint8_t>(b[i]) << 8) | static_cast<uint8_t>(b[i + 1]);
}
uint32_t Be32(std::string_view b, size_t i) {
  return (Be16(b, i) << 16) | Be16(b, i + 2);
}
uint32_t Le16(std::string_view b, size_t i) {
  return static_cast<uint8_t>(b[i]) | (static_cast<uint8_t>(b[i + 1]) << 8);
}
uint32_t Le24(std::string_view b, size_t i) {
  return Le16(b, i) | (static_cast<uint8_t>(b[i + 2]) << 16);
}
uint32_t Le32(std::string_view b, size_t i) {
  return Le16(b, i) | (Le16(b, i + 2) << 16);
}

std::optional<ImageSize> Checked(int64_t w, int64_t h) {
  constexpr int64_t kMax = 1 << 16;
  if (w <= 0 || h <= 0 || w > kMax || h > kMax) return std::nullopt;
  return ImageSize{static_cast<int>(w), static_cast<int>(h)};
}

std::optional<ImageSize> JpegSize(std::string_view b) {
  size_t i = 2;
  while (i + 9 < b.size()) {
    if (static_cast<uint8_t>(b[i]) != 0xFF) return std::nullopt;
    const uint8_t marker = static_cast<uint8_t>(b[i + 1]);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      i += 2;  // standalone marker, no length
      continue;
    }
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 &&
                     marker != 0xC8 && marker != 0xCC;
    if (sof) return Checked(Be16(b, i + 7), Be16(b, i + 5));
    i += 2 + Be16(b, i + 2);
  }
  return std::nullopt;
}

std::optional<ImageSize> WebpSize(std::string_view b) {
  if (b.size() < 30) return std::nullopt;
  const std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8X") return Checked(Le24(b, 24) + 1, Le24(b, 27) + 1);
  if (chunk == "VP8L" && static_cast<uint8_t>(b[20]) == 0x2F) {
    const uint32_t bits = Le32(b, 21);
    return Checked((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (chunk == "VP8 " && b.substr(23, 3) == "\x9d\x01\x2a") {
    return Checked(Le16(b, 26) & 0x3FFF, Le16(b, 28) & 0x3FFF);
  }
  return std::nullopt;
}

}  // namespace

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {
// The media type written into a data: URI comes from this table, never from
// the mail, so a crafted Content-Type cannot break out of the attribute.
const char* CanonicalImageType(std::string_view content_type) {
  if (content_type == "image/jpeg" || content_type == "image/jpg" ||
      content_type == "image/pjpeg") {
    return "image/jpeg";
  }
  if (content_type == "image/png") return "image/png";
  if (content_type == "image/gif") return "image/gif";
  if (content_type == "image/webp") return "image/webp";
  if (content_type == "image/bmp" || content_type == "image/x-ms-bmp") {
    return "image/bmp";
  }
  return nullptr;
}
}  // namespace

bool IsInlineImage(std::string_view content_type) {
  return CanonicalImageType(content_type) != nullptr;
}

std::string ImageDataUri(std::string_view content_type,
                         std::string_view bytes) {
  const char* type = CanonicalImageType(content_type);
  if (type == nullptr) return "";
  return std::string("data:") + type + ";base64," + EncodeBase64(bytes);
}

std::optional<ImageSize> ReadImageSize(std::string_view b) {
  if (b.size() >= 24 && b.starts_with("\x89PNG\r\n\x1a\n")) {
    return Checked(Be32(b, 16), Be32(b, 20));
  }
  if (b.size() >= 10 && (b.starts_with("GIF87a") || b.starts_with("GIF89a"))) {
    return Checked(Le16(b, 6), Le16(b, 8));
  }
  if (b.size() >= 4 && b.starts_with("\xFF\xD8\xFF")) return JpegSize(b);
  if (b.size() >= 26 && b.starts_with("BM")) {
    if (Le32(b, 14) == 12) return Checked(Le16(b, 18), Le16(b, 20));
    const auto h = static_cast<int32_t>(Le32(b, 22));  // negative: top-down
    return Checked(static_cast<int32_t>(Le32(b, 18)), std::abs(int64_t{h}));
  }
  if (b.starts_with("RIFF") && b.size() >= 16 && b.substr(8, 4) == "WEBP") {
    return WebpSize(b);
  }
  return std::nullopt;
}

}  // namespace internal

namespace {

using internal::HtmlEscape;

constexpr std::string_view kStyle = R"css(
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:0;
padding:16px 24px;color:#1a1a1a;background:#fff;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:16px 0 8px}
.meta span{margin-right:18px;color:#444}
.problems{border:2px solid #ccc;border-radius:6px;padding:8px 14px;margin:12px 0}
.problems.has-blocking{border-color:#c62828;background:#fff5f5}
.problems li{margin:4px 0}.sev{font-weight:bold;padding:1px 6px;border-radius:3px}
li.blocking{color:#b71c1c}li.blocking .sev{background:#c62828;color:#fff}
li.warning .sev{background:#f9a825;color:#000}li.info .sev{background:#ddd}
.layout{display:flex;gap:20px;align-items:flex-start}
.attachments{flex:3;min-width:0}.fields{flex:2;position:sticky;top:0}
figure.att{margin:0 0 18px;border:1px solid #ddd;border-radius:6px;padding:8px}
figcaption{font-weight:bold;margin-bottom:6px;word-break:break-all}
.frame{position:relative;display:inline-block;max-width:100%;line-height:0}
.frame img{display:block;max-width:100%;height:auto}
.frame img.raw{image-orientation:none}
.frame svg{position:absolute;left:0;top:0;width:100%;height:100%}
.note{color:#666;font-style:italic}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.v{word-break:break-all}
tr.low td{background:#fff3e0}tr.low .conf{color:#e65100;font-weight:bold}
tr.conflict td.v{outline:2px solid #f9a825}
.mark{color:#e65100;font-size:12px;margin-left:4px}
footer{margin-top:24px;padding-top:8px;border-top:1px solid #ccc;color:#555}
)css";

const char* SeverityLabel(Severity s) {
  switch (s) {
    case Severity::kBlocking:
      return "阻断";
    case Severity::kWarning:
      return "警告";
    case Severity::kInfo:
      return "提示";
  }
  return "";
}

// "2026-11-24 09:30 北京时间".
std::string ChinaTime(TimePoint t) { return FormatChinaTime(t) + " 北京时间"; }

void RenderHeader(std::ostream& out, const CaseDetail& d) {
  const CaseRecord& c = d.record;
  out << "<h1>案件 " << HtmlEscape(c.number) << "</h1>\n<p class=\"meta\">"
      << "<span>状态：" << StatusLabel(c.status) << "</span>"
      << "<span>地区：" << HtmlEscape(c.region) << "</span>"
      << "<span>申请人：" << HtmlEscape(c.applicant_name) << "</span>"
      << "<span>证件号码：" << HtmlEscape(c.id_number) << "</span>"
      << "<span>回复地址：" << HtmlEscape(c.citizen_address) << "</span>"
      << "<span>收件：" << ChinaTime(c.opened_at) << "</span>";
  if (c.due_at) out << "<span>答复期限：" << ChinaTime(*c.due_at) << "</span>";
  if (!c.registration_number.empty()) {
    out << "<span>备案编号：" << HtmlEscape(c.registration_number) << "</span>";
  }
  out << "</p>\n";
}

void RenderProblems(std::ostream& out,
                    const std::vector<CaseProblem>& problems) {
  std::vector<const CaseProblem*> sorted;
  bool blocking = false;
  for (const CaseProblem& p : problems) {
    sorted.push_back(&p);
    blocking |= p.problem.severity == Severity::kBlocking;
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
    return a->problem.severity > b->problem.severity;
  });
  out << "<section class=\"problems" << (blocking ? " has-blocking" : "")
      << "\"><h2>问题（" << problems.size() << "）</h2>\n";
  if (problems.empty()) out << "<p>无未解决的问题。</p>\n";
  out << "<ul>\n";
  for (const CaseProblem* p : sorted) {
    out << "<li class=\"" << SeverityName(p->problem.severity)
        << "\"><span class=\"sev\">" << SeverityLabel(p->problem.severity)
        << "</span> <code>" << HtmlEscape(p->problem.code) << "</code> "
        << HtmlEscape(p->problem.detail) << "</li>\n";
  }
  out << "</ul></section>\n";
}

void RenderFields(std::ostream& out, const std::vector<DraftField>& fields) {
  std::set<std::string> conflicting;
  for (const DraftField& a : fields) {
    for (const DraftField& b : fields) {
      if (a.name == b.name && a.value != b.value) conflicting.insert(a.name);
    }
  }
  out << "<aside class=\"fields\"><h2>提取字段</h2>\n<table><tr><th>字段</th>"
         "<th>值</th><th>来源</th><th>置信度</th></tr>\n";
  if (fields.empty())
    out << "<tr><td colspan=\"4\">（未提取到字段）</td></tr>\n";
  for (const DraftField* f : OrderedFields(fields)) {
    const bool low = f->confidence < kLowConfidence;
    const bool conflict = conflicting.count(f->name) > 0;
    out << "<tr class=\"" << (low ? "low " : "") << (conflict ? "conflict" : "")
        << "\"><td>" << HtmlEscape(FieldLabel(f->name))
        << "</td><td class=\"v\">" << HtmlEscape(f->value)
        << (conflict ? "<span class=\"mark\">来源不一致</span>" : "")
        << "</td><td>" << HtmlEscape(SourceLabel(f->source))
        << "</td><td class=\"conf\">"
        << Percent(f->confidence)
        << (low ? "<span class=\"mark\">低</span>" : "") << "</td></tr>\n";
  }
  out << "</table>\n<p class=\"note\">置信度低于 " << Percent(kLowConfidence)
      << " 的字段以橙色标出，请对照图片核实。</p></aside>\n";
}

void RenderBoxes(std::ostream& out, const std::vector<FieldBox>& boxes,
                 internal::ImageSize size) {
  const int font = std::max(12, size.width / 40);
  out << "<svg viewBox=\"0 0 " << size.width << " " << size.height
      << "\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\n";
  for (const FieldBox& b : boxes) {
    const char* color = b.confidence < kLowConfidence ? "#e65100" : "#2e7d32";
    const std::string label =
        HtmlEscape(FieldLabel(b.field)) + " " + Percent(b.confidence);
    out << "<g><title>" << label << "</title><rect class=\"box\" x=\"" << b.x
        << "\" y=\"" << b.y << "\" width=\"" << b.w << "\" height=\"" << b.h
        << "\" fill=\"" << color << "\" fill-opacity=\"0.12\" stroke=\""
        << color
        << "\" stroke-width=\"3\" vector-effect=\"non-scaling-stroke\"/>"
        << "<text x=\"" << b.x << "\" y=\"" << std::max(font, b.y - 4)
        << "\" font-size=\"" << font << "\" fill=\"" << color
        << "\" stroke=\"#fff\" stroke-width=\"" << std::max(2, font / 6)
        << "\" paint-order=\"stroke\">" << label << "</text></g>\n";
  }
  out << "</svg>";
}

void RenderImage(std::ostream& out, const AttachmentView& a) {
  const std::optional<internal::ImageSize> size =
      internal::ReadImageSize(a.bytes);
  const bool draw_boxes = !a.boxes.empty() && size.has_value();
  // With boxes the image is shown in its stored pixel grid (no EXIF
  // rotation) so that the boxes, read from that grid, line up.
  out << "<div class=\"frame\"><img class=\"" << (draw_boxes ? "raw" : "")
      << "\" alt=\"" << HtmlEscape(a.record.filename) << "\"";
  if (size)
    out << " width=\"" << size->width << "\" height=\"" << size->height << "\"";
  out << " src=\"" << internal::ImageDataUri(a.record.content_type, a.bytes)
      << "\">";
  if (draw_boxes) RenderBoxes(out, a.boxes, *size);
  out << "</div>\n";
  if (!a.boxes.empty() && !size) {
    out << "<p class=\"note\">无法读取图片尺寸，识别框未绘制。</p>\n";
  }
  if (!a.boxes.empty()) {
    out << "<ul class=\"boxes\">";
    for (const FieldBox& b : a.boxes) {
      out << "<li>" << HtmlEscape(FieldLabel(b.field)) << "：(" << b.x << ", "
          << b.y << ") " << b.w << "×" << b.h << "，置信度 "
          << Percent(b.confidence) << "</li>";
    }
    out << "</ul>\n";
  }
}

void RenderAttachment(std::ostream& out, const AttachmentView& a) {
  const AttachmentRecord& r = a.record;
  out << "<figure class=\"att\"><figcaption>" << r.position << ". "
      << HtmlEscape(r.filename) << " <small>(" << HtmlEscape(r.content_type)
      << "，" << r.size << " 字节" << (r.in_forwarded ? "，转发邮件内" : "")
      << ")</small></figcaption>\n";
  if (!internal::IsInlineImage(r.content_type)) {
    out << "<p class=\"note\">非图片附件，本页不显示内容；请用 "
           "<code>beian cases show</code> 列出的路径打开。</p>\n";
  } else if (a.bytes.empty()) {
    out << "<p class=\"note\">图片文件不可用（已清理或缺失）。</p>\n";
  } else {
    RenderImage(out, a);
  }
  out << "</figure>\n";
}

void RenderMails(std::ostream& out, const std::vector<MailRecord>& mails) {
  out << "<section class=\"mails\"><h2>邮件（" << mails.size()
      << "）</h2><ul>\n";
  for (const MailRecord& m : mails) {
    out << "<li>#" << m.id << " " << ChinaTime(m.received_at) << " "
        << HtmlEscape(m.subject) << " &lt;" << HtmlEscape(m.from_address)
        << "&gt;</li>\n";
  }
  out << "</ul></section>\n";
}

}  // namespace

std::string RenderCaseHtml(const CaseDetail& d,
                           const std::vector<AttachmentView>& attachments) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta "
         "charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
         "'none'; img-src data:; style-src 'unsafe-inline'\">\n"
      << "<meta name=\"referrer\" content=\"no-referrer\">\n<title>案件 "
      << HtmlEscape(d.record.number) << "</title>\n<style>" << kStyle
      << "</style></head>\n<body>\n";
  RenderHeader(out, d);
  RenderProblems(out, d.problems);
  out << "<div class=\"layout\"><section class=\"attachments\"><h2>附件（"
      << attachments.size() << "）</h2>\n";
  if (attachments.empty()) out << "<p class=\"note\">没有附件。</p>\n";
  for (const AttachmentView& a : attachments) RenderAttachment(out, a);
  out << "</section>\n";
  RenderFields(out, d.fields);
  out << "</div>\n";
  RenderMails(out, d.mails);
  out << "<footer>本页含个人信息（完整证件号码、证件图片），仅供备案审核使用；"
         "请勿转发或上传，用毕删除。</footer>\n</body></html>\n";
  return out.str();
}

std::vector<AttachmentView> LoadAttachmentViews(const CaseDetail& d,
                                                const BlobStore& blobs) {
  std::vector<AttachmentView> views;
  for (const AttachmentRecord& a : d.attachments) {
    StatusOr<std::string> bytes =
        a.path.empty() ? StatusOr<std::string>(NotFound("no file yet"))
                       : blobs.Get(a.path);
    views.push_back({a, bytes.ok() ? std::move(*bytes) : std::string(), {}});
  }
  return views;
}

Status WritePrivateFile(const std::string& path, std::string_view content) {
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return IoError("cannot create " + path + ": " + std::strerror(errno));
  std::string error;
  if (::fchmod(fd, 0600) != 0) error = std::strerror(errno);
  while (error.empty() && !content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error = std::strerror(errno);
    if (n > 0) content.remove_prefix(static_cast<size_t>(n));
  }
  if (::close(fd) != 0 && error.empty()) error = std::strerror(errno);
  if (!error.empty()) return IoError("cannot write " + path + ": " + error);
  return Status::Ok();
}

}  // namespace beian::cli
