{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pysenbelvin }:

buildPythonPackage rec {
  pname = "pytorbelfy";
  version = "2015";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-+IdKEZ7psY7DNcbHIxweJpSEhimReIniA1VLMQD0Imk=";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pysenbelvin ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pytorbelfy library, generated";
    homepage = "https://example.org/projects/pytorbelfy";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ carol ];
  };
}
