#include "ledger/base/thread_name.h"

#include <pthread.h>

namespace ledger {

void NameThisThread(const char* name) {
  // Fails only for names over 15 characters (ERANGE); the thread then keeps its old name.
  pthread_setname_np(pthread_self(), name);
}

}  // namespace ledger
