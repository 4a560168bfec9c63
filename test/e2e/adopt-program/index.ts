// Replaced by the output of `pulumi-qlik-roles export` in the test's copy of this program.
export {};
