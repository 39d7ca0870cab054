// When the answer to a mail is due: one working day after receipt.
//
//   DueResult r = DueTime(calendar, hours, received);
//   for (const std::string& w : r.warnings) log.Warn(w);  // never drop these
//   store.SetDue(case_id, r.due);
//
// The rule. The clock runs only during office hours on working days. It
// starts at receipt when that is inside office hours, else at the next
// opening ("mail received out of hours counts from the next opening"), and
// stops when one working day's office time (OfficeHours::DailyLength(), 7 h
// for 08:30-12:00, 14:00-17:30) has run. When it stops exactly at a close,
// the due time is that close, not the next opening. In words:
//   - received inside office hours: the same clock time on the next working
//     day (Fri 2026-02-13 17:00 -> Sat 2026-02-14 17:00, a make-up workday;
//     Wed 2026-09-30 10:00 -> Thu 2026-10-08 10:00 after 国庆节);
//   - received before opening, after closing, on an off day: the close of the
//     next working day's hours (Wed 2026-09-30 19:00 -> 2026-10-08 17:30;
//     Tue 07:00 -> the same Tuesday 17:30);
//   - received in a midday break: the end of the morning on the next working
//     day (12:30 -> next working day 12:00, i.e. 7 h of office time).
// Periods are half-open: a mail at 17:30 sharp is out of hours.
#ifndef BEIAN_CALENDAR_DUE_TIME_H_
#define BEIAN_CALENDAR_DUE_TIME_H_

#include <string>
#include <vector>

#include "beian/base/clock.h"
#include "beian/calendar/office_hours.h"
#include "beian/calendar/working_day_calendar.h"

namespace beian {

struct DueResult {
  TimePoint due;
  TimePoint counted_from;  // receipt, or the next opening after it
  // One per year between receipt and due without official data: the answer
  // assumed weekends only there and a person must check it. Show them.
  std::vector<std::string> warnings;
};

DueResult DueTime(const WorkingDayCalendar& calendar, const OfficeHours& hours,
                  TimePoint received);

}  // namespace beian

#endif  // BEIAN_CALENDAR_DUE_TIME_H_
