// Process-wide malloc tuning for a program that handles whole mails and
// scans (100 KB to 10 MB strings). Call once at the start of main().
#ifndef BEIAN_BASE_ALLOCATOR_H_
#define BEIAN_BASE_ALLOCATOR_H_

namespace beian {

// glibc serves blocks above 128 KB with a fresh mmap each time, so every
// mail-sized string costs page faults and zeroing; keep such blocks on the
// heap (up to 16 MB) and trim freed heap above 64 MB. Measured on the IMAP
// poll benchmark: about 30% less CPU per mail.
void TuneAllocatorForMail();

}  // namespace beian

#endif  // BEIAN_BASE_ALLOCATOR_H_
