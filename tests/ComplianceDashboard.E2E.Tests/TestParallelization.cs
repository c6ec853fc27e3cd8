// Browser test classes each start a Kestrel server and a Chromium; run them one after another so they
// neither compete for the two cores nor for listening addresses.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
