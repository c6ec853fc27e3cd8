using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Reports.Layout;

namespace ComplianceDashboard.Reports.Tests.Layout;

public class TableTests
{
    private static readonly TableColumn[] Columns =
    [
        new("Reference", 1), new("Description of the safeguard", 4), new("Amount", 1.2, CellAlignment.Right),
    ];

    private static IReadOnlyList<string> Row(int i) =>
        [$"R{i:D4}", $"Safeguard number {i} with a description long enough to wrap onto a second line of its cell", $"{i * 3}.00"];

    [Fact]
    public void A_table_longer_than_a_page_repeats_its_header_on_every_page_it_spans()
    {
        var report = TestReports.New().Heading("Register").Table(Columns, Enumerable.Range(1, 150).Select(Row)).Render();
        var pdf = PdfText.Read(report.Pdf);

        Assert.True(report.PageCount >= 3, $"expected the table to span at least 3 pages, got {report.PageCount}");
        foreach (var page in pdf.Pages)
        {
            var header = page.Words.Single(w => w.Text == "Reference");
            var rows = page.Words.Where(w => w.Text.StartsWith('R') && w.Text.Length == 5 && char.IsDigit(w.Text[1])).ToList();
            Assert.NotEmpty(rows);
            Assert.Contains("Description of the safeguard", page.Text);
            Assert.All(rows, row => Assert.True(row.BoundingBox.Top < header.BoundingBox.Bottom, $"row {row.Text} should be below the header on page {page.Number}"));
        }
        var references = pdf.Words.Where(w => w.StartsWith('R') && w.Length == 5 && char.IsDigit(w[1]));
        Assert.Equal(Enumerable.Range(1, 150).Select(i => $"R{i:D4}"), references);
    }

    [Fact]
    public void The_safeguards_register_prints_every_word_of_the_AI_templates_safeguards_whole()
    {
        // Each safeguard of the AI template with the longest status and evidence texts the pages give: a column too narrow for
        // a word breaks it inside ("pseudonymisatio" / "n"), and the whole word is then missing from the page.
        var rows = AssessmentTemplates.AiModelDevelopment.In(AssessmentPart.Safeguards).Select(q => (IReadOnlyList<string>)
            [q.Key, q.Text, "Implemented; beyond a legal duty; relied on in the balancing", "EV-EU-031 notice schedule and DPC correspondence", "26 Jun 2026", "Yes"])
            .ToList();

        var pdf = PdfText.Read(TestReports.New().Table(AssessmentDocument.SafeguardColumns, rows).Render().Pdf);

        var printed = pdf.Words.ToHashSet(StringComparer.Ordinal);
        var broken = rows.SelectMany(r => r).SelectMany(cell => cell.Split(' ')).Distinct().Where(word => !printed.Contains(word)).ToList();
        Assert.True(broken.Count == 0, $"broken inside: {string.Join(", ", broken)}");
    }

    [Fact]
    public void Right_aligned_cells_end_at_the_column_edge()
    {
        var pdf = PdfText.Read(TestReports.New().Table(Columns, [Row(1), Row(200)]).Render().Pdf);

        var amounts = pdf.Pages[0].Words.Where(w => w.Text is "3.00" or "600.00").ToList();
        Assert.Equal(2, amounts.Count);
        Assert.Equal(amounts[0].BoundingBox.Right, amounts[1].BoundingBox.Right, 1.0);
        Assert.True(amounts[0].BoundingBox.Right > TestReports.PageWidth - TestReports.MarginRight - 10);
    }

    [Fact]
    public void A_cell_taller_than_a_page_continues_on_the_next_page_under_a_repeated_header()
    {
        var text = TestReports.NumberedWords(30_000, out var count);

        var pdf = PdfText.Read(TestReports.New().Table(Columns, [["R0001", text, "1.00"]]).Render().Pdf);

        Assert.True(pdf.Pages.Count >= 2);
        Assert.All(pdf.Pages, page => Assert.Contains(page.Words, w => w.Text == "Reference"));
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"w{i:D6}"), pdf.Words.Where(w => w.StartsWith('w') && w.Length == 7));
    }

    [Fact]
    public void Key_value_blocks_show_each_label_beside_its_value()
    {
        var pdf = PdfText.Read(TestReports.New().KeyValues(("Controller", "Example Platforms Ltd"), ("Regulator", "ICO")).Render().Pdf);

        var words = pdf.Pages[0].Words;
        var label = words.Single(w => w.Text == "Regulator");
        var value = words.Single(w => w.Text == "ICO");
        Assert.Equal(label.BoundingBox.Bottom, value.BoundingBox.Bottom, 0.5);
        Assert.True(value.BoundingBox.Left > label.BoundingBox.Right);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TestReports.New().Table(Columns, [["only one"]]));
    }

    [Fact]
    public void A_heading_moves_to_the_next_page_with_its_table_rather_than_stay_alone_at_the_foot()
    {
        // Room for the heading but not for the table's header and first row below it.
        var report = TestReports.New().Drawing(841.89 - 78 - 72 - 11 - 60, (_, _) => { }).Heading("Safeguards register").Table(Columns, [Row(1)]);

        var pdf = PdfText.Read(report.Render().Pdf);

        Assert.Equal(2, pdf.Pages.Count);
        Assert.DoesNotContain("Safeguards register", pdf.Pages[0].Text);
        Assert.Contains("Safeguards register", pdf.Pages[1].Text);
        Assert.Contains("R0001", pdf.Pages[1].Text);
    }

    [Fact]
    public void A_header_taller_than_a_page_still_lets_every_row_render()
    {
        var header = string.Join('\n', Enumerable.Range(1, 60).Select(i => $"header line {i}"));

        var pdf = PdfText.Read(TestReports.New().Table([new TableColumn(header)], [["R0001"], ["R0002"]]).Render().Pdf);

        Assert.Contains("R0001", string.Concat(pdf.Pages.Select(p => p.Text)));
        Assert.Contains("R0002", string.Concat(pdf.Pages.Select(p => p.Text)));
    }
}
