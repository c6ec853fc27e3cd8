using ComplianceDashboard.Reports.Probe;

// Usage: ComplianceDashboard.Reports.Probe <output.pdf>  — writes the sample report.
if (args.Length != 1)
{
    Console.Error.WriteLine("Usage: ComplianceDashboard.Reports.Probe <output.pdf>");
    return 2;
}
File.WriteAllBytes(args[0], SampleReport.Build().Render().Pdf);
return 0;
