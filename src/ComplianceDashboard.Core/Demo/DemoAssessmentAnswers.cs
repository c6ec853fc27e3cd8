using ComplianceDashboard.Core.Assessments;

namespace ComplianceDashboard.Core.Demo;

/// <summary>The written answers of the demo's UK assessment (after engaging the ICO) and how its earlier version and the EU version differ.</summary>
internal static class DemoAssessmentAnswers
{
    public static Answer[] UkCurrent(DateOnly noticesSent, DateOnly resumed) =>
    [
        T("S1", "Training and fine-tuning of the platform's generative AI models (text and image) on content that adult users in the United Kingdom have shared publicly on the platform's services. The assessment covers collection from the production content store, filtering, de-duplication, de-identification and use in training runs; it does not cover serving the models or any later purpose."),
        L("S2", "Only content the account holder made public, and its public metadata.", "Public posts and their captions", "Public photos and their alt text", "Public comments on public posts", "Public profile information of the poster (display name, public bio) as it appears on the post"),
        L("S3", "Categories that are never collected, whatever the account's settings.", "Private messages and group chats", "Content of accounts whose holder is under 18 or whose age is unknown", "Content of users who objected, including objections made before this notice", "Content visible only to friends or to a limited audience", "Stories and other content that expired", "Content posted more than ten years ago"),
        T("A1", "Our interest is to develop generative AI models that understand British English, British cultural references and UK-specific topics, so that the AI features offered to UK users give accurate, relevant answers. This requires training on recent public content written by people in the UK. The interest is limited to model training; it does not include advertising, profiling of individuals or any decision about a person."),
        T("A2", "Models that reflect how people in the UK actually write and talk: fewer factual errors about UK institutions, better handling of regional language and idiom, and safer behaviour on UK-specific topics. Internally, a model we can offer in the UK without relying on models trained mainly on other regions' data."),
        YN("A3", true, "Yes, indirectly. Businesses and creators who use the AI features on the platform benefit from better assistance. The models are not licensed to third parties and no third party receives the training data."),
        YN("A4", true, "Yes. Tools that work well for UK users, including for accessibility features such as image descriptions generated for blind and partially sighted people. We do not claim wider benefits we cannot show."),
        R("A5", 4, "Rated 4 of 5: the benefits are substantial for the product and its users, but the platform would continue to operate without them."),
        T("A6", "UK users would receive AI features trained mostly on other regions' content, with measurably worse quality on UK topics and language, or the features would not be offered in the UK at all."),
        YN("A7", true, "Yes. No profiling or automated decision-making about individuals results from training (Art 22 not engaged). PECR applies to the notification email: it is a service message about a change to our terms, not marketing. Special category data is addressed in C-SPECIAL."),
        YN("A8", true, "Yes. Copyright and terms of service reviewed by the legal team (licence granted in the terms for public content); Online Safety Act duties considered for the model's outputs; the equality impact of the model assessed by the responsible AI team."),
        YN("A9", true, "Yes. We followed the ICO's guidance on AI and data protection and its consultation series on generative AI, and the industry code of practice on training data transparency. The EDPB's Opinion 28/2024 on AI models does not bind the ICO and is not the test applied here; we read it for comparison only, and this assessment stays on the ICO's template."),
        YN("A10", true, "Yes: creators may not expect their work to train AI. We address this with the notice, the unconditional objection form and the exclusion of content from users who objected earlier. Bias in outputs is tested before release."),
        YN("A-LAWFUL", true, "Yes. Developing AI features is a lawful business activity; no law prohibits training on public content with the safeguards described."),
        YN("A-ARTICULATED", true, "Yes. A1 states the interest precisely: training models for UK users on UK public content, and nothing else."),
        YN("A-REAL", true, "Yes. The AI features exist and are used in the UK today; the interest is present, not speculative."),
        YN("B1", true, "Yes. Evaluations on UK benchmarks show models trained with UK public content answer UK questions 18% more accurately than those without it."),
        YN("B2", true, "Yes. Only public content, only adults, a ten-year cut-off, de-duplication and de-identification; the volume is the minimum that moved the evaluation scores."),
        YN("B3", false, "No. Without content written by people in the UK the models cannot learn UK language and context; the alternatives below were tried and fell short."),
        YN("B4", false, "Not further than we have done. We removed comments older than ten years and images containing text such as ID documents, and de-identify names of people who are not the poster; reducing further lowered quality below the release bar."),
        Alts("B-ALTERNATIVES", "Each alternative was tested or costed before being rejected.",
            ("Licensed data from publishers", "Too little everyday British English and no image-caption pairs; used as a complement, not a substitute."),
            ("Synthetic data generated by existing models", "Reproduces the errors we want to fix and does not contain UK cultural references."),
            ("A consented subset (opt-in)", "A pilot reached under 2% of users, skewed by age and region; the model trained on it performed worse than the baseline."),
            ("Public web crawl", "Lower quality, no provenance and harder to honour objections than platform content.")),
        L("B-MINIMISATION", "Measures applied before any content reaches a training set.", "Public content only, as set at collection time", "Accounts of users under 18 and of unknown age removed", "Content older than ten years removed", "Exact and near-duplicate removal", "Names, e-mail addresses and phone numbers of people other than the poster de-identified", "Images of ID documents and payment cards filtered out"),
        YN("C-SPECIAL", true, "Yes, incidentally: public posts can reveal health, religion or political opinions. We do not target such data, classify posts by it or infer it. Posts in health support groups are excluded. The residual processing relies on the data having been manifestly made public (Art 9(2)(e)), assessed in the DPIA."),
        YN("C-PRIVATE", true, "Some people would see older public posts as private in practice even though they are public. The ten-year cut-off and the objection route address this."),
        YN("C-CHILDREN", true, "Accounts of under-18s are excluded. Adults' public posts can show children; photos in which a child is the main subject are filtered out and names of children are de-identified."),
        T("C-CAPACITY", "Mostly personal capacity. Professional and creator accounts are included on the same terms; creators can object like anyone else."),
        T("C-RELATIONSHIP", "Users have an account with us and chose to make this content public on our services. The content has been used to show posts to others, for recommendations and for safety classifiers, but not previously for generative AI."),
        T("C-TOLD", "At collection users were told their public content is visible to anyone and may be used to improve our products. The generative AI use was explained in the privacy policy update and the in-app notice sent from " + noticesSent.ToString("d MMMM yyyy") + "."),
        T("C-CONTEXT", "Generative AI is new to many people and its use of public posts is not widely understood. We therefore notify every eligible adult individually, give a window to object before training and repeat the information in the help centre."),
        L("C-EVIDENCE", "Evidence about what people expect.", "User survey (n=2,000 UK adults): 41% expected public posts could be used to train AI", "Regulator consultation responses on generative AI", "Civil society feedback on the first notice (more prominent objection link requested)"),
        Impacts("C-IMPACTS", "Impacts considered, before safeguards.",
            ("Model reproduces a person's post or personal data in an output", Level.Low, Level.High),
            ("People feel a loss of control over content they shared", Level.High, Level.Medium),
            ("Outputs reflect bias present in public posts", Level.Medium, Level.Medium)),
        YN("C-OBJECT", true, "Yes. Some people will object or find it intrusive; about 1 in 100 notified users objected in the first weeks, which the objection form handles without friction."),
        YN("C-EXPLAIN", true, "Yes. The notice, the help-centre article and the model card explain it plainly; we would be comfortable explaining it to any user."),
        T("C-POWER", "There is an imbalance: leaving a large platform is costly for people. This is why the objection is unconditional, takes two taps, needs no reason and is honoured before training starts."),
        YN("C-SAFEGUARDS", true, "Yes. The safeguards below reduce each impact: exclusions and filtering (regurgitation, children), the unconditional objection (loss of control), and output testing (bias)."),
        OptOut("C-OPTOUT", true, true, "Yes. A two-tap objection form linked from the in-app notice, the email and the help centre. No reason is asked for, every objection is honoured, and objections made before this notice are carried over."),
        Sg("SG-OPT-OUT", SafeguardStatus.Verified, "EV-UK-014 objection form test report", resumed.AddDays(-10), true, null, "The objection form is linked from every notice and the privacy centre; test report confirms it works on every platform."),
        Sg("SG-UNCONDITIONAL", SafeguardStatus.Verified, "EV-UK-015 form without reason field", resumed.AddDays(-10), true, null, "The reason field was removed after engaging the ICO; every objection is honoured without review."),
        Sg("SG-WINDOW", SafeguardStatus.Implemented, "EV-UK-016 cohort schedule", resumed, true, 30, "At least 30 days between a person's notice and the start of training on their data; cohorts notified later are trained on later."),
        Sg("SG-EARLIER-OBJECTIONS", SafeguardStatus.Verified, "EV-UK-017 carry-over reconciliation", resumed.AddDays(-5), true, null, "Objections received during the first notice round are carried over; those people need not object again."),
        Sg("SG-NO-RECONTACT", SafeguardStatus.Verified, "EV-UK-018 suppression list check", resumed.AddDays(-5), true, null, "People who objected earlier are suppressed from the new notice; daily rollout data shows zero earlier objectors sent a notice."),
        Sg("SG-ERASURE", SafeguardStatus.Implemented, "EV-UK-019 deletion pipeline", resumed.AddDays(-20), false, null, "Content deleted by its poster, and accounts closed, are removed from training sets before the next run, even where the law would not require it."),
        Sg("SG-MEMORISATION", SafeguardStatus.Implemented, "EV-UK-020 regurgitation test suite", resumed.AddDays(-15), true, null, "Models are tested for verbatim reproduction of training content and personal data before release; outputs matching known personal data are suppressed."),
        Sg("SG-TRANSPARENCY", SafeguardStatus.Implemented, "EV-UK-021 notice versions and model card", resumed, true, null, "In-app notice to every eligible adult, email where in-app fails, help-centre FAQ, model card and a section in the transparency report; press briefing held."),
        Sg("SG-TECHNICAL", SafeguardStatus.Verified, "EV-UK-022 filter precision report", resumed.AddDays(-12), true, null, "Filters for ID documents and children's images, and de-identification of third parties' names and contact details, run before content reaches a training set."),
        Sg("SG-EXCLUSIONS", SafeguardStatus.Verified, "EV-UK-023 exclusion audit", resumed.AddDays(-12), true, null, "Private messages are never read by the pipeline; accounts of users under 18 or of unknown age are excluded; a sample audit found no excluded content in the training set."),
        new Answer { Key = "D-OUTCOME", Text = "The three-part test is met provided every safeguard marked required before training is in place.", Outcome = DecisionOutcome.AppliesWithConditions },
        T("D-RATIONALE", "The interest is specific, real and lawful (Part A). The processing is necessary: the alternatives were tried and fell short, and minimisation goes as far as quality allows (Part B). People's interests do not override ours once the safeguards apply: only public adult content, an unconditional two-tap objection honoured before training, no re-contact of earlier objectors, and technical measures against regurgitation (Part C)."),
        L("D-CONDITIONS", "Conditions that must hold before training starts.", "Every safeguard marked required before training is implemented or verified", "At least 30 days between each cohort's notice and training on its data", "Zero earlier objectors sent a notice, confirmed by the rollout data", "DPIA residual risk reviewed and accepted"),
        new Answer { Key = "D-DPIA", Text = "A DPIA was carried out because the processing is large-scale and uses new technology; residual risk is medium after safeguards and prior consultation is not required.", Dpia = new DpiaValue { Needed = true, Reference = "DPIA-2024-031", ResidualRisk = Level.Medium, PriorConsultationRequired = false } },
    ];

    /// <summary>The first UK version, before engaging the ICO: a shorter window and an objection form that asked for a reason.</summary>
    public static Answer[] UkFirst(DateOnly noticesSent, DateOnly resumed) => Replace(UkCurrent(noticesSent, resumed),
        OptOut("C-OPTOUT", true, false, "Yes. An objection form linked from the in-app notice and the email. The form asks for the reason for objecting; objections are honoured unless we have compelling grounds."),
        Sg("SG-UNCONDITIONAL", SafeguardStatus.Planned, "", null, false, null, "Objections are reviewed against the reason given; we expect to honour almost all of them."),
        Sg("SG-WINDOW", SafeguardStatus.Implemented, "EV-UK-006 notice schedule", noticesSent, true, 14, "At least 14 days between the notice and the start of training."),
        Sg("SG-NO-RECONTACT", SafeguardStatus.Planned, "", null, false, null, "People who objected are not expected to receive further notices; a suppression list is planned."),
        Sg("SG-OPT-OUT", SafeguardStatus.Implemented, "EV-UK-005 objection form", noticesSent, true, null, "The objection form is linked from the notice and the email."),
        T("C-POWER", "There is an imbalance: leaving a large platform is costly for people. The objection form gives them a route to object."),
        L("D-CONDITIONS", "Conditions that must hold before training starts.", "Every safeguard marked required before training is implemented", "At least 14 days between the notice and training"));

    /// <summary>The EU version: the UK answers adapted to the GDPR and the DPC, with the gaps the reviewers commented on.</summary>
    public static Answer[] Eu(DateOnly noticesSent, DateOnly resumed) => Replace(UkCurrent(noticesSent, resumed),
        T("S1", "Training and fine-tuning of the platform's generative AI models on content that adult users in the European Union have shared publicly. Lead supervisory authority: the Data Protection Commission (Ireland)."),
        T("A1", "Our interest is to develop generative AI models that understand the languages and cultures of the EU so that AI features offered to EU users are accurate and relevant."),
        new Answer { Key = "A8" },
        YN("A-REAL", true, "Yes, the AI features are offered in several EU member states."),
        T("C-TOLD", "At collection users were told their public content is visible to anyone. The generative AI use was explained in the privacy policy update and the in-app notice sent from " + noticesSent.ToString("d MMMM yyyy") + "; the notice was paused at the DPC's request."),
        Sg("SG-WINDOW", SafeguardStatus.Planned, "", null, true, 30, "At least 30 days between a person's notice and training, to be confirmed with the DPC."),
        Sg("SG-NO-RECONTACT", SafeguardStatus.Planned, "", null, true, null, "Suppression of earlier objectors is planned for the resumed notice."),
        new Answer { Key = "D-OUTCOME", Text = "Pending the DPC's review.", Outcome = DecisionOutcome.AppliesWithConditions },
        new Answer { Key = "D-DPIA", Text = "DPIA in progress; prior consultation under Art 36 is being considered with the DPC.", Dpia = new DpiaValue { Needed = true, Reference = "DPIA-2024-044", ResidualRisk = Level.High, PriorConsultationRequired = null } });

    /// <summary>
    /// The EU version on the AI template: the EU answers with the reviewers' gaps closed, plus what EDPB Opinion
    /// 28/2024 asks for AI development (expectation factors, rights beyond privacy, mitigating measures, anonymity evidence).
    /// </summary>
    public static Answer[] EuOnAiTemplate(DateOnly noticesSent, DateOnly resumed, DateOnly verified) => Replace(Eu(noticesSent, resumed),
        YN("A8", true, "Yes. The AI Act's obligations for general-purpose AI models (technical documentation, copyright policy, training-content summary) are met by the model documentation; the text-and-data-mining exception does not apply to our own users' content, which is licensed under the terms of service."),
        YN("A9", true, "Yes. We applied the EDPB's Guidelines 1/2024 on processing based on Article 6(1)(f) GDPR together with its Opinion 28/2024 on AI models (adopted 17 December 2024), which this template follows, and the DPC's guidance on AI and data protection."),
        YN("C-EXP-PUBLIC", true, "Yes: only content the account holder made public. Public availability alone does not make training expected (Opinion 28/2024), so the other factors below are weighed too."),
        T("C-EXP-SERVICE", "A social network for sharing with friends and the public. People post to be seen by other people, not to train models; the service's nature lowers expectations of AI training."),
        T("C-EXP-SOURCE", "Collected directly from the account holder on our own services under our terms; no web scraping, no third-party sources. Content about a person posted by someone else is covered by the de-identification of non-posters."),
        T("C-EXP-FURTHER-USES", "The models power AI features in our own products only; they are not released openly or licensed to third parties. A later open release would need a new assessment."),
        YN("C-EXP-AWARE", false, "Not always: many people have forgotten old public posts. The ten-year cut-off and the notice to every eligible adult address this."),
        YN("C-RIGHT-EXPRESSION", true, "Possibly: some people may post less if they know posts train AI (a chilling effect). The unconditional objection before training and the exclusion of objectors' content limit it."),
        YN("C-RIGHT-DISCRIMINATION", true, "Outputs could reflect bias in public posts. Bias evaluations across EU languages run before release; results are in the model card."),
        YN("C-RIGHT-CONTROL", true, "Once trained, data is hard to withdraw from a model. People keep control through the objection before training, erasure beyond Art 17 and output filters."),
        T("C-SCALE", "Large-scale: public content of adult users in every EU member state over up to ten years. Children's accounts are excluded; adults' posts showing children are filtered; health support groups are excluded as vulnerable contexts."),
        M("SG-WINDOW", "At least 30 days between each person's notice and training on their data, as agreed with the DPC; the notice period is longer than the law requires.", Measure(SafeguardStatus.Verified, "EV-EU-031 notice schedule and DPC correspondence", verified, days: 30, required: true)),
        M("SG-UNCONDITIONAL", "Every objection made before training is honoured without a reason, going beyond Art 21's balancing.", Measure(SafeguardStatus.Verified, "EV-EU-032 objection form test", verified, required: true)),
        Sg("SG-NO-RECONTACT", SafeguardStatus.Verified, "EV-EU-033 suppression check", verified, true, null, "Earlier objectors are suppressed from the resumed notice; rollout data shows none was sent it."),
        M("SG-ERASURE", "Content is removed from future training sets on request even where Art 17's grounds do not apply.", Measure(SafeguardStatus.Verified, "EV-EU-034 erasure runbook", verified)),
        M("SG-MEMORISATION", "Claims that the model reproduces someone's personal data are handled through a dedicated form; confirmed cases are suppressed in the output filter.", Measure(SafeguardStatus.Verified, "EV-EU-035 regurgitation claims process", verified)),
        M("SG-PSEUDONYMISATION", "Account identifiers are replaced by keyed pseudonyms before content enters a training set.", Measure(SafeguardStatus.Verified, "EV-EU-036 pipeline review", verified)),
        M("SG-MASKING", "Names, e-mail addresses and phone numbers of people other than the poster are replaced with placeholders.", Measure(SafeguardStatus.Verified, "EV-EU-037 masking precision report", verified)),
        M("SG-CAMPAIGNS", "E-mail to every eligible adult and a press and media campaign in each member state's language, beyond the Art 13/14 notice.", Measure(SafeguardStatus.Verified, "EV-EU-038 campaign plan", verified)),
        M("SG-MODEL-CARD", "A public model card describing the training data, its sources and these measures.", Measure(SafeguardStatus.Implemented, "EV-EU-039 model card draft", verified, relied: false)),
        M("SG-TRANSPARENCY-REPORT", "An annual transparency report on training and objections; the first is due a year after training starts.", Measure(SafeguardStatus.Planned, "", null, relied: false)),
        M("SG-OUTPUT-FILTERS", "Deployed models pass outputs through a filter that blocks reproduction of personal data from training content.", Measure(SafeguardStatus.Verified, "EV-EU-040 output filter evaluation", verified)),
        M("SG-WATERMARKING", "Generated images carry an invisible watermark and a visible label.", Measure(SafeguardStatus.Implemented, "EV-EU-041 watermark design", verified, relied: false)),
        M("SG-OUTPUT-RIGHTS", "Access, erasure and objection requests are honoured for personal data appearing in outputs.", Measure(SafeguardStatus.Verified, "EV-EU-042 rights-on-outputs procedure", verified)),
        YN("AN-CLAIM", false, "No. A regurgitation test of the current model found the risk not insignificant for rare, often-repeated strings, so the model is treated as containing personal data and every right applies to it."),
        new Answer
        {
            Key = "AN-TESTS", Text = "Tests run by the responsible AI red team against the candidate model before the decision.",
            AnonymityTests =
            [
                new AnonymityTest { Kind = AnonymityTestKind.MembershipInference, RunBy = "Responsible AI red team", On = verified, ModelVersion = "eu-gen-2.1", Result = AnonymityTestResult.RiskInsignificant, Reference = "EV-EU-043" },
                new AnonymityTest { Kind = AnonymityTestKind.Regurgitation, RunBy = "Responsible AI red team", On = verified, ModelVersion = "eu-gen-2.1", Result = AnonymityTestResult.RiskNotInsignificant, Reference = "EV-EU-044" },
            ],
        },
        L("AN-DOCUMENTATION", "What the decision not to claim anonymity rests on.", "DPIA-2024-044 (updated)", "DPO advice on v2", "Red-team reports EV-EU-043 and EV-EU-044"),
        new Answer { Key = "D-OUTCOME", Text = "Legitimate interests applies with conditions: the mitigating measures relied on in the balancing must be verified before training.", Outcome = DecisionOutcome.AppliesWithConditions },
        T("D-RATIONALE", "Assessed against the EDPB's Guidelines 1/2024 and Opinion 28/2024. The interest is specific, real and lawful; the processing is necessary. In the balancing, people's reasonable expectations are limited (a social service, old posts people forget), so the balance tips only with the mitigating measures that go beyond the law: the 30-day notice period, the unconditional objection before training, erasure beyond Art 17, handling of regurgitation claims, pseudonymisation and masking, campaigns beyond Art 13/14, output filters and rights on outputs."),
        new Answer { Key = "D-DPIA", Text = "DPIA updated for the resumed programme; residual risk medium after the mitigating measures; the DPC was consulted informally and prior consultation is not required.", Dpia = new DpiaValue { Needed = true, Reference = "DPIA-2024-044", ResidualRisk = Level.Medium, PriorConsultationRequired = false } });

    /// <summary>A mitigating measure in the Opinion's sense: beyond a legal duty, by default relied on in the balancing.</summary>
    private static SafeguardValue Measure(SafeguardStatus status, string evidence, DateOnly? date, int? days = null, bool relied = true, bool required = false) =>
        new() { Status = status, EvidenceReference = evidence, Date = date, Days = days, BeyondLegalDuty = true, ReliedOnInBalancing = relied, RequiredBeforeTraining = required };

    private static Answer M(string key, string text, SafeguardValue measure) => new() { Key = key, Text = text, Safeguard = measure };

    private static Answer[] Replace(Answer[] answers, params Answer[] replacements)
    {
        var byKey = answers.ToDictionary(a => a.Key);
        foreach (var r in replacements) byKey[r.Key] = r;
        return byKey.Values.Where(a => a.Text.Length > 0 || a.DescribeValue(QuestionCatalogue.Find(a.Key)!).Length > 0).OrderBy(a => a.Key, StringComparer.Ordinal).ToArray();
    }

    private static Answer T(string key, string text) => new() { Key = key, Text = text };
    private static Answer YN(string key, bool yes, string text) => new() { Key = key, Text = text, YesNo = yes };
    private static Answer R(string key, int rating, string text) => new() { Key = key, Text = text, Rating = rating };
    private static Answer L(string key, string text, params string[] items) => new() { Key = key, Text = text, Items = items };
    private static Answer OptOut(string key, bool offered, bool unconditional, string text) => new() { Key = key, Text = text, YesNo = offered, Unconditional = unconditional };

    private static Answer Alts(string key, string text, params (string Option, string Why)[] alternatives) =>
        new() { Key = key, Text = text, Alternatives = alternatives.Select(a => new Alternative { Option = a.Option, WhyRejected = a.Why }).ToArray() };

    private static Answer Impacts(string key, string text, params (string What, Level Likelihood, Level Severity)[] impacts) =>
        new() { Key = key, Text = text, Impacts = impacts.Select(i => new Impact { Description = i.What, Likelihood = i.Likelihood, Severity = i.Severity }).ToArray() };

    private static Answer Sg(string key, SafeguardStatus status, string evidence, DateOnly? date, bool required, int? days, string text) => new()
    {
        Key = key, Text = text,
        Safeguard = new SafeguardValue { Status = status, EvidenceReference = evidence, Date = date, RequiredBeforeTraining = required, Days = days },
    };
}
