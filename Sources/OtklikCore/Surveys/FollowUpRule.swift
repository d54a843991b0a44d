/// When an answer asks for a follow-up: a score at the bottom of any scored question — an NPS detractor,
/// CSAT's or the stars' bottom, a hard effort, a disappointment on the expectation ladder (the metric
/// table's `followUpRange`). The public survey offers such a customer to be contacted; cases will open on it.
public enum FollowUpRule {
    public static func asksForFollowUp(_ response: Response, survey: Survey) -> Bool {
        survey.questions.contains { question in
            guard let score = response.answers[question.id]?.score, let low = question.followUpRange else { return false }
            return low.contains(score)
        }
    }
}
