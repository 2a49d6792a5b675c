import Testing
@testable import PinganDomain
@Test func smoke() { #expect(DisputeCategory.marriageFamily.label == "婚姻家庭") }
