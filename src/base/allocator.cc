#include "beian/base/allocator.h"

#include <malloc.h>

namespace beian {

void TuneAllocatorForMail() {
  ::mallopt(M_MMAP_THRESHOLD, 16 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

}  // namespace beian
