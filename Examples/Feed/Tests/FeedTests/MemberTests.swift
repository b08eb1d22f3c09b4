import EVDLRuntime
import Feed
import Foundation
import Testing

/// The generated `Member` aggregate, decided and replayed directly. This file imports `Feed` without `@testable`:
/// it compiles only because the target's `evdl-config.json` makes the generated declarations `public`.
@Suite struct MemberTests {
    let ada = UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!
    let grace = UUID(uuidString: "00000000-0000-0000-0000-0000000000b2")!
    let epoch = Date(timeIntervalSince1970: 0)

    var joined: Member.Event { .joined(Member.Joined(memberId: ada, handle: "ada", joinedAt: epoch)) }

    @Test func followingTwiceEmitsOnce() throws {
        try AggregateScenario("following twice emits once", aggregate: Member())
            .given(joined, .followed(Member.Followed(memberId: ada, followee: grace)))
            .when(.follow(Member.Follow(memberId: ada, followee: grace)))
            .thenNothing()
    }

    @Test func followingIsRecordedInTheState() throws {
        let outcome = try AggregateScenario("follow", aggregate: Member())
            .given(joined)
            .when(.follow(Member.Follow(memberId: ada, followee: grace)))
            .then(.followed(Member.Followed(memberId: ada, followee: grace)))
        #expect(outcome.stateAfter.following == [grace: true])
    }

    @Test func unfollowingRemovesTheFollowee() throws {
        let state = Member.replay([
            joined, .followed(Member.Followed(memberId: ada, followee: grace)), .unfollowed(Member.Unfollowed(memberId: ada, followee: grace)),
        ])
        #expect(state.following.isEmpty)
        #expect(state.handle == "ada")
        try AggregateScenario("unfollow someone not followed", aggregate: Member())
            .given(joined)
            .when(.unfollow(Member.Unfollow(memberId: ada, followee: grace)))
            .thenRejected("member \(ada) does not follow \(grace)")
    }

    @Test func theRulesOfTheSpecReject() throws {
        try AggregateScenario("short handle", aggregate: Member())
            .when(.join(Member.Join(memberId: ada, handle: "al")))
            .thenRejected("a handle needs at least 3 characters")
        try AggregateScenario("self follow", aggregate: Member())
            .given(joined)
            .when(.follow(Member.Follow(memberId: ada, followee: ada)))
            .thenRejected("members cannot follow themselves")
        try AggregateScenario("post before joining", aggregate: Member())
            .when(.post(Member.Post(memberId: ada, postId: grace, text: "hi")))
            .thenRejected(code: .aggregateNotFound)
        try AggregateScenario("join twice", aggregate: Member())
            .given(joined)
            .when(.join(Member.Join(memberId: ada, handle: "ada")))
            .thenRejected(code: .aggregateAlreadyExists)
        try AggregateScenario("long post", aggregate: Member())
            .given(joined)
            .when(.post(Member.Post(memberId: ada, postId: grace, text: String(repeating: "x", count: 281))))
            .thenRejected("a post has 1 to 280 characters")
    }

    @Test func aPostIsStampedWithTheTimeItWasReceived() throws {
        let now = Date(timeIntervalSince1970: 500)
        let postId = UUID()
        let outcome = try AggregateScenario("post", aggregate: Member(), context: CommandContext(now: now))
            .given(joined)
            .when(.post(Member.Post(memberId: ada, postId: postId, text: String(repeating: "x", count: 280))))
            .then(.posted(Member.Posted(memberId: ada, postId: postId, text: String(repeating: "x", count: 280), postedAt: now)))
        #expect(outcome.stateAfter.posts == 1)
    }
}
