// --roles: every role, any order; unknown and lone poll/read refused with
// what to give instead.
#include "beian/service/serve_roles.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

TEST(ServeRolesTest, RolesInAnyOrderAsRecorded) {
  StatusOr<ServeRoles> all = ParseServeRoles("send, read,poll");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_TRUE(all->poll_and_read);
  EXPECT_TRUE(all->send);
  EXPECT_EQ(ServeRolesText(*all), "poll,read,send");
  StatusOr<ServeRoles> send = ParseServeRoles("send");
  ASSERT_TRUE(send.ok());
  EXPECT_FALSE(send->poll_and_read);
  EXPECT_EQ(ServeRolesText(*send), "send");
  StatusOr<ServeRoles> poll = ParseServeRoles("poll,read");
  ASSERT_TRUE(poll.ok());
  EXPECT_FALSE(poll->send);
  EXPECT_EQ(ServeRolesText(*poll), "poll,read");
  EXPECT_EQ(ServeRolesText(ServeRoles{}), "poll,read,send");  // the default
}

TEST(ServeRolesTest, AnUnknownRoleIsNamedWithTheRolesThereAre) {
  StatusOr<ServeRoles> r = ParseServeRoles("poll,read,ocr");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "--roles: \"ocr\" is no role; the roles are poll, read, send, "
            "comma-separated (default: all)");
  for (const char* empty : {"", "send,", ",send", "poll,,read"}) {
    r = ParseServeRoles(empty);
    ASSERT_FALSE(r.ok()) << empty;
    EXPECT_NE(r.status().message().find("an empty role"), std::string::npos)
        << empty << ": " << r.status().message();
  }
}

TEST(ServeRolesTest, PollAndReadComeTogether) {
  StatusOr<ServeRoles> r = ParseServeRoles("read,send");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("read without poll"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("--roles poll,read"), std::string::npos);
  r = ParseServeRoles("poll");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("poll without read"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace beian
