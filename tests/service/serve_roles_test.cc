// --roles: every role, any order, each on its own; unknown ones refused with
// the roles there are.
#include "beian/service/serve_roles.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

TEST(ServeRolesTest, RolesInAnyOrderAsRecorded) {
  StatusOr<ServeRoles> all = ParseServeRoles("send, read,poll");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_TRUE(all->poll);
  EXPECT_TRUE(all->read);
  EXPECT_TRUE(all->send);
  EXPECT_EQ(ServeRolesText(*all), "poll,read,send");
  StatusOr<ServeRoles> send = ParseServeRoles("send");
  ASSERT_TRUE(send.ok());
  EXPECT_FALSE(send->poll);
  EXPECT_FALSE(send->read);
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

TEST(ServeRolesTest, PollAndReadGoEachOnItsOwn) {
  StatusOr<ServeRoles> r = ParseServeRoles("read");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->poll);
  EXPECT_TRUE(r->read);
  EXPECT_FALSE(r->send);
  EXPECT_EQ(ServeRolesText(*r), "read");
  r = ParseServeRoles("send , poll");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->poll);
  EXPECT_FALSE(r->read);
  EXPECT_EQ(ServeRolesText(*r), "poll,send");
}

}  // namespace
}  // namespace beian
