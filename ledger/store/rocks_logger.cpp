#include "ledger/store/rocks_logger.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace ledger {
namespace {

spdlog::level::level_enum LevelOf(rocksdb::InfoLogLevel level) {
  switch (level) {
    case rocksdb::InfoLogLevel::DEBUG_LEVEL: return spdlog::level::trace;
    case rocksdb::InfoLogLevel::INFO_LEVEL: return spdlog::level::debug;
    case rocksdb::InfoLogLevel::WARN_LEVEL: return spdlog::level::warn;
    case rocksdb::InfoLogLevel::ERROR_LEVEL: return spdlog::level::err;
    case rocksdb::InfoLogLevel::FATAL_LEVEL: return spdlog::level::critical;
    case rocksdb::InfoLogLevel::HEADER_LEVEL:
    case rocksdb::InfoLogLevel::NUM_INFO_LOG_LEVELS: return spdlog::level::debug;
  }
  return spdlog::level::debug;
}

class RocksLogger final : public rocksdb::Logger {
 public:
  explicit RocksLogger(std::string name)
      : rocksdb::Logger(rocksdb::InfoLogLevel::DEBUG_LEVEL), name_(std::move(name)) {}

  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }

  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    spdlog::level::level_enum ours = LevelOf(level);
    // Formatting costs more than the check; errors are formatted to be looked at.
    if (!spdlog::should_log(ours)) return;
    char text[2048];
    int n = std::vsnprintf(text, sizeof(text), format, ap);
    if (n < 0) return;
    std::string_view line(text,
                          std::min<std::size_t>(static_cast<std::size_t>(n), sizeof(text) - 1));
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.remove_suffix(1);
    // RocksDB reports its look into a directory it is about to create as an error.
    // A backup (store/backup.h) disables file deletions twice over, nested (BackupEngine,
    // then the live-file listing of its flush), and RocksDB warns about the nesting.
    bool routine =
        line.find("File Deletions Disabled, but already disabled") != std::string_view::npos ||
        line.find("File Deletions Enable, but not really enabled") != std::string_view::npos;
    if (routine || (line.starts_with("Error when reading ") && line.ends_with(" dir NotFound:"))) {
      ours = spdlog::level::debug;
      if (!spdlog::should_log(ours)) return;
    }
    spdlog::log(ours, "rocksdb {}: {}", name_, line);
  }

 private:
  std::string name_;
};

}  // namespace

std::shared_ptr<rocksdb::Logger> NewRocksLogger(std::string name) {
  return std::make_shared<RocksLogger>(std::move(name));
}

}  // namespace ledger
